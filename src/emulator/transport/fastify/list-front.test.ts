import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import vault from 'node-vault'
import { ListFrontSocket, ListRewriter, createListFront, rewriteListLine } from './list-front.js'

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

interface Seen {
  method: string
  url: string
  body: Buffer
}

interface Harness {
  port: number
  httpServer: http.Server
  front: net.Server
  seen: Seen[]
  close(): Promise<void>
}

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** Echo handler: records method/url/body and answers with a JSON summary. */
function echoHandler(seen: Seen[]): http.RequestListener {
  return (req, res) => {
    const parts: Buffer[] = []
    req.on('data', (d: Buffer) => parts.push(d))
    req.on('end', () => {
      const body = Buffer.concat(parts)
      seen.push({ method: req.method ?? '', url: req.url ?? '', body })
      const out = Buffer.from(JSON.stringify({ method: req.method, url: req.url, body: body.toString('base64') }))
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': out.length })
      res.end(out)
    })
  }
}

async function listenFront(handler?: http.RequestListener, serverOptions: http.ServerOptions = {}): Promise<Harness> {
  const seen: Seen[] = []
  const httpServer = http.createServer(serverOptions, handler ?? echoHandler(seen))
  const front = createListFront(httpServer)
  front.listen(0, '127.0.0.1')
  await once(front, 'listening')
  const port = (front.address() as AddressInfo).port
  let closed = false
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    const done = new Promise<void>((resolve) => front.close(() => resolve()))
    httpServer.closeAllConnections()
    await done
  }
  cleanups.push(close)
  return { port, httpServer, front, seen, close }
}

async function listenPlain(handler: http.RequestListener): Promise<{ port: number; server: http.Server }> {
  const server = http.createServer(handler)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  cleanups.push(async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  return { port: (server.address() as AddressInfo).port, server }
}

/** A raw TCP client accumulating everything the server sends. */
class RawClient {
  readonly socket: net.Socket
  #chunks: Buffer[] = []
  #received = 0
  ended = false
  closed = false
  error: Error | undefined
  #waiters: Array<() => void> = []

  constructor(socket: net.Socket) {
    this.socket = socket
    socket.on('data', (d: Buffer) => {
      this.#chunks.push(d)
      this.#received += d.length
      this.#wake()
    })
    socket.on('end', () => {
      this.ended = true
      this.#wake()
    })
    socket.on('error', (e) => {
      this.error = e
      this.#wake()
    })
    socket.on('close', () => {
      this.closed = true
      this.#wake()
    })
  }

  static async connect(port: number, options: { allowHalfOpen?: boolean } = {}): Promise<RawClient> {
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: options.allowHalfOpen ?? false })
    socket.setNoDelay(true)
    await once(socket, 'connect')
    const client = new RawClient(socket)
    cleanups.push(async () => {
      socket.destroy()
    })
    return client
  }

  /** Everything received so far. */
  get data(): Buffer {
    if (this.#chunks.length !== 1) this.#chunks = [Buffer.concat(this.#chunks)]
    return this.#chunks[0]!
  }

  get received(): number {
    return this.#received
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w()
  }

  async until(pred: () => boolean, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms
    while (!pred()) {
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`timed out; received so far: ${JSON.stringify(this.data.toString('latin1').slice(0, 2000))}`)
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left)
        this.#waiters.push(() => {
          clearTimeout(t)
          resolve()
        })
      })
    }
  }

  responses(): ParsedResponse[] {
    return parseResponses(this.data)
  }

  async untilResponses(n: number, ms = 5000): Promise<ParsedResponse[]> {
    await this.until(() => this.responses().filter((r) => r.status >= 200).length >= n || this.closed, ms)
    return this.responses().filter((r) => r.status >= 200)
  }

  async untilClosed(ms = 5000): Promise<void> {
    await this.until(() => this.closed, ms)
  }

  /** Write `bytes` in the given piece sizes, yielding to the event loop between pieces. */
  async writeInPieces(bytes: Buffer, sizes: (i: number) => number): Promise<void> {
    let pos = 0
    let i = 0
    while (pos < bytes.length) {
      const n = Math.max(1, sizes(i++))
      this.socket.write(bytes.subarray(pos, pos + n))
      pos += n
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
  }
}

interface ParsedResponse {
  status: number
  headers: Record<string, string>
  body: Buffer
}

/** Parse complete responses (Content-Length framed, or bodiless) from a byte buffer. */
function parseResponses(buf: Buffer): ParsedResponse[] {
  const out: ParsedResponse[] = []
  let pos = 0
  for (;;) {
    const headEnd = buf.indexOf('\r\n\r\n', pos, 'latin1')
    if (headEnd < 0) return out
    const lines = buf.subarray(pos, headEnd).toString('latin1').split('\r\n')
    const status = Number((lines[0] ?? '').split(' ')[1])
    const headers: Record<string, string> = {}
    for (const line of lines.slice(1)) {
      const i = line.indexOf(':')
      headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim()
    }
    const len = Number(headers['content-length'] ?? 0)
    const bodyStart = headEnd + 4
    if (buf.length < bodyStart + len) return out
    out.push({ status, headers, body: buf.subarray(bodyStart, bodyStart + len) })
    pos = bodyStart + len
  }
}

function echoed(r: ParsedResponse): { method: string; url: string; body: string } {
  const j = JSON.parse(r.body.toString()) as { method: string; url: string; body: string }
  return { method: j.method, url: j.url, body: Buffer.from(j.body, 'base64').toString('latin1') }
}

const b = (s: string): Buffer => Buffer.from(s, 'latin1')

function chunkedBody(parts: string[], opts: { ext?: string; trailers?: string[] } = {}): string {
  let s = ''
  for (const p of parts) s += `${Buffer.byteLength(p, 'latin1').toString(16)}${opts.ext ?? ''}\r\n${p}\r\n`
  s += `0${opts.ext ?? ''}\r\n`
  for (const t of opts.trailers ?? []) s += `${t}\r\n`
  return `${s}\r\n`
}

/** Run the rewriter over `input` split at the given cut points; returns the output bytes. */
function rewriteAll(input: Buffer, cuts: number[] = [], maxHead?: number): { out: Buffer; rewriter: ListRewriter } {
  const rewriter = new ListRewriter(maxHead)
  const out: Buffer[] = []
  let prev = 0
  for (const c of [...cuts.filter((c) => c > 0 && c < input.length).sort((x, y) => x - y), input.length]) {
    rewriter.feed(input.subarray(prev, c), out)
    prev = c
  }
  rewriter.flush(out)
  return { out: Buffer.concat(out), rewriter }
}

// ---------------------------------------------------------------------------
// the rewriter alone
// ---------------------------------------------------------------------------

describe('rewriteListLine', () => {
  const rw = (line: string): string | undefined => {
    const buf = b(line)
    return rewriteListLine(buf, 0, buf.length)?.toString('latin1')
  }
  it('adds list=true to the query', () => {
    expect(rw('LIST /v1/a HTTP/1.1\r\n')).toBe('GET /v1/a?list=true HTTP/1.1\r\n')
    expect(rw('LIST /v1/a?x=1 HTTP/1.1\r\n')).toBe('GET /v1/a?x=1&list=true HTTP/1.1\r\n')
    expect(rw('LIST /v1/a? HTTP/1.0\r\n')).toBe('GET /v1/a?list=true HTTP/1.0\r\n')
    expect(rw('LIST /v1/a?x=1& HTTP/1.1\r\n')).toBe('GET /v1/a?x=1&list=true HTTP/1.1\r\n')
    expect(rw('LIST /v1/a?list=true HTTP/1.1\r\n')).toBe('GET /v1/a?list=true HTTP/1.1\r\n')
    expect(rw('LIST /v1/a?x=list=true HTTP/1.1\r\n')).toBe('GET /v1/a?x=list=true&list=true HTTP/1.1\r\n')
    expect(rw('LIST http://h/v1/a HTTP/1.1\n')).toBe('GET http://h/v1/a?list=true HTTP/1.1\n')
  })
  it('leaves anything else alone', () => {
    for (const line of [
      'LIST /v1/a\r\n',
      'LIST  /v1/a HTTP/1.1\r\n',
      'LIST /v1/a HTTP/2.0\r\n',
      'LIST /v1/a HTTP/1.x\r\n',
      'LIST /v1/a b HTTP/1.1\r\n',
      'LIST * HTTP/1.1\r\n',
      'LISTEN /v1/a HTTP/1.1\r\n',
      'list /v1/a HTTP/1.1\r\n',
      'GET /v1/a HTTP/1.1\r\n',
    ]) {
      expect(rw(line), line).toBeUndefined()
    }
  })
})

describe('ListRewriter', () => {
  const input = b(
    'LIST /v1/a HTTP/1.1\r\nHost: x\r\n\r\n' +
      'POST /v1/b HTTP/1.1\r\nHost: x\r\nContent-Length: 23\r\n\r\nLIST /v1/x HTTP/1.1\r\n\r\n' +
      'PUT /v1/c HTTP/1.1\r\nHost: x\r\ntransfer-encoding: gzip, Chunked\r\n\r\n' +
      chunkedBody(['LIST /v1/x HTTP/1.1\r\n', 'abc'], { ext: ';a=b;q="x y"', trailers: ['X-Trailer: LIST /'] }) +
      '\r\nLIST /v1/d?x=1 HTTP/1.1\r\ncontent-length:  0 \r\n\r\n' +
      'LOCK /v1/e HTTP/1.1\r\n\r\n',
  )
  const expected = b(
    'GET /v1/a?list=true HTTP/1.1\r\nHost: x\r\n\r\n' +
      'POST /v1/b HTTP/1.1\r\nHost: x\r\nContent-Length: 23\r\n\r\nLIST /v1/x HTTP/1.1\r\n\r\n' +
      'PUT /v1/c HTTP/1.1\r\nHost: x\r\ntransfer-encoding: gzip, Chunked\r\n\r\n' +
      chunkedBody(['LIST /v1/x HTTP/1.1\r\n', 'abc'], { ext: ';a=b;q="x y"', trailers: ['X-Trailer: LIST /'] }) +
      '\r\nGET /v1/d?x=1&list=true HTTP/1.1\r\ncontent-length:  0 \r\n\r\n' +
      'LOCK /v1/e HTTP/1.1\r\n\r\n',
  )

  it('rewrites only request lines, in one piece', () => {
    const { out, rewriter } = rewriteAll(input)
    expect(out.toString('latin1')).toBe(expected.toString('latin1'))
    expect(rewriter.passThrough).toBe(false)
  })

  it('gives the same bytes for every single split point and byte-by-byte', () => {
    for (let cut = 1; cut < input.length; cut++) {
      expect(rewriteAll(input, [cut]).out.equals(expected), `cut at ${cut}`).toBe(true)
    }
    const everyByte = Array.from({ length: input.length }, (_, i) => i)
    expect(rewriteAll(input, everyByte).out.equals(expected)).toBe(true)
  })

  it('passes a non-LIST chunk through without copying', () => {
    const rewriter = new ListRewriter()
    const chunk = b('GET /v1/a HTTP/1.1\r\nHost: x\r\n\r\n')
    const out: Buffer[] = []
    rewriter.feed(chunk, out)
    expect(out).toHaveLength(1)
    expect(out[0]).toBe(chunk)
  })

  it('tolerates bare LF line endings', () => {
    const { out } = rewriteAll(b('POST /a HTTP/1.1\nContent-Length: 2\n\nhiLIST /b HTTP/1.1\nX: y\n\n'), [3, 20, 37, 38])
    expect(out.toString('latin1')).toBe('POST /a HTTP/1.1\nContent-Length: 2\n\nhiGET /b?list=true HTTP/1.1\nX: y\n\n')
  })

  it('switches to pass-through on ambiguous or malformed framing', () => {
    const cases = [
      'POST /a HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n',
      'POST /a HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n',
      'POST /a HTTP/1.1\r\nContent-Length: 2, 2\r\n\r\n',
      'POST /a HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n',
      'POST /a HTTP/1.1\r\nX-A: 1\r\n 2\r\n\r\n',
      'POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2 \r\nhi\r\n0\r\n\r\n',
      'POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhiX\r\n0\r\n\r\n',
      'POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1234567890abcd\r\n',
      'GET /a HTTP/1.1\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n',
      'CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n',
    ]
    for (const head of cases) {
      const input = b(`${head}LIST /v1/a HTTP/1.1\r\n\r\n`)
      const { out, rewriter } = rewriteAll(input)
      expect(out.equals(input), head).toBe(true)
      expect(rewriter.passThrough, head).toBe(true)
    }
  })

  it('never holds more than the header limit', () => {
    const max = 1024
    const rewriter = new ListRewriter(max)
    const out: Buffer[] = []
    rewriter.feed(b('LIST /'), out)
    expect(Buffer.concat(out).length).toBe(0) // held: it may still be a LIST line
    const filler = Buffer.alloc(100, 0x61)
    for (let i = 0; i < 20; i++) rewriter.feed(filler, out)
    expect(rewriter.passThrough).toBe(true)
    expect(Buffer.concat(out).toString('latin1')).toBe(`LIST /${'a'.repeat(2000)}`)

    // The same for an endless header block of a non-LIST request.
    const r2 = new ListRewriter(max)
    const out2: Buffer[] = []
    r2.feed(b('GET / HTTP/1.1\r\nX: '), out2)
    for (let i = 0; i < 20; i++) r2.feed(filler, out2)
    expect(r2.passThrough).toBe(true)
    expect(Buffer.concat(out2).length).toBe(19 + 2000)
  })

  it('releases a held partial line unchanged at end of stream', () => {
    const { out } = rewriteAll(b('GET / HTTP/1.1\r\n\r\nLIST /v1/a HT'), [20, 25])
    expect(out.toString('latin1')).toBe('GET / HTTP/1.1\r\n\r\nLIST /v1/a HT')
  })

  it('releases other L-methods as soon as they cannot be LIST', () => {
    const rewriter = new ListRewriter()
    const out: Buffer[] = []
    rewriter.feed(b('LOC'), out)
    expect(Buffer.concat(out).toString()).toBe('LOC')
    rewriter.feed(b('K /x HTTP/1.1\r\n\r\n'), out)
    expect(Buffer.concat(out).toString()).toBe('LOCK /x HTTP/1.1\r\n\r\n')
  })
})

// ---------------------------------------------------------------------------
// generators shared by the properties
// ---------------------------------------------------------------------------

interface GenRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'LIST'
  path: string
  query: string | undefined
  body: { kind: 'none' } | { kind: 'length'; data: Buffer } | { kind: 'chunked'; parts: Buffer[]; ext: string; trailers: string[] }
}

const pathChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%/'.split(''))
const pathArb = fc.array(fc.string({ unit: pathChar, minLength: 1, maxLength: 8 }), { minLength: 0, maxLength: 4 }).map((segs) => `/v1/${segs.join('/')}`)
const queryArb = fc.option(
  fc.array(fc.tuple(fc.string({ unit: pathChar, minLength: 1, maxLength: 5 }), fc.string({ unit: pathChar, maxLength: 5 })), { minLength: 0, maxLength: 3 }).map((kv) => kv.map(([k, v]) => `${k}=${v}`).join('&')),
  { nil: undefined },
)
// Bodies are biased towards bytes that look like HTTP.
const trickyBody = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  fc.array(fc.constantFrom('LIST /v1/x HTTP/1.1\r\n', '\r\n', '\r\n\r\n', '0\r\n\r\n', 'Content-Length: 5\r\n', 'GET / HTTP/1.1\r\n', 'L', 'x'), { maxLength: 12 }).map((a) => b(a.join(''))),
)
const bodyArb: fc.Arbitrary<GenRequest['body']> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  trickyBody.map((data) => ({ kind: 'length' as const, data })),
  fc
    .record({
      parts: fc.array(trickyBody.filter((d) => d.length > 0), { maxLength: 4 }),
      ext: fc.constantFrom('', ';a=b', ';x="LIST / HTTP/1.1"', ';n'),
      trailers: fc.array(fc.constantFrom('X-T: 1', 'X-List: LIST /v1/x HTTP/1.1', 'Y: '), { maxLength: 2 }),
    })
    .map((r) => ({ kind: 'chunked' as const, ...r })),
)
const requestArb: fc.Arbitrary<GenRequest> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'LIST'),
  path: pathArb,
  query: queryArb,
  body: bodyArb,
})

function target(r: GenRequest): string {
  return r.query === undefined ? r.path : `${r.path}?${r.query}`
}

function expectedUrl(r: GenRequest): string {
  if (r.method !== 'LIST') return target(r)
  if (r.query === undefined) return `${r.path}?list=true`
  if (r.query === '' || r.query.endsWith('&')) return `${target(r)}list=true`
  if (r.query.split('&').includes('list=true')) return target(r)
  return `${target(r)}&list=true`
}

function serialize(r: GenRequest, method: string = r.method, url: string = target(r)): Buffer {
  let head = `${method} ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Test: LIST / HTTP/1.1\r\n`
  const parts: Buffer[] = []
  if (r.body.kind === 'length') {
    head += `Content-Length: ${r.body.data.length}\r\n\r\n`
    parts.push(b(head), r.body.data)
  } else if (r.body.kind === 'chunked') {
    head += 'Transfer-Encoding: chunked\r\n\r\n'
    parts.push(b(head))
    for (const p of r.body.parts) parts.push(b(`${p.length.toString(16)}${r.body.ext}\r\n`), p, b('\r\n'))
    parts.push(b(`0${r.body.ext}\r\n`))
    for (const t of r.body.trailers) parts.push(b(`${t}\r\n`))
    parts.push(b('\r\n'))
  } else {
    parts.push(b(`${head}\r\n`))
  }
  return Buffer.concat(parts)
}

function bodyOf(r: GenRequest): Buffer {
  if (r.body.kind === 'length') return r.body.data
  if (r.body.kind === 'chunked') return Buffer.concat(r.body.parts)
  return Buffer.alloc(0)
}

describe('ListRewriter property', () => {
  it('rewrites exactly the LIST request lines, whatever the chunking', () => {
    fc.assert(
      fc.property(fc.array(requestArb, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 30 }), (reqs, cutSeeds) => {
        const input = Buffer.concat(reqs.map((r) => serialize(r)))
        const expected = Buffer.concat(reqs.map((r) => (r.method === 'LIST' ? serialize(r, 'GET', expectedUrl(r)) : serialize(r))))
        const { out, rewriter } = rewriteAll(
          input,
          cutSeeds.map((s) => s % input.length),
        )
        expect(rewriter.passThrough).toBe(false)
        expect(out.toString('latin1')).toBe(expected.toString('latin1'))
      }),
      { numRuns: 500 },
    )
  })
})

// ---------------------------------------------------------------------------
// over real sockets
// ---------------------------------------------------------------------------

describe('why the front exists', () => {
  it("Node's own HTTP server rejects LIST with 400 before any handler runs", async () => {
    let called = false
    const { port } = await listenPlain((_req, res) => {
      called = true
      res.end()
    })
    const c = await RawClient.connect(port)
    c.socket.write('LIST /v1/secret HTTP/1.1\r\nHost: x\r\n\r\n')
    await c.untilClosed()
    expect(c.data.toString('latin1')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
    expect(called).toBe(false)
  })
})

describe('createListFront over sockets', () => {
  it('delivers LIST as GET with list=true', async () => {
    const h = await listenFront()
    const c = await RawClient.connect(h.port)
    c.socket.write('LIST /v1/secret/metadata HTTP/1.1\r\nHost: x\r\n\r\n')
    c.socket.write('LIST /v1/a?x=1 HTTP/1.1\r\nHost: x\r\n\r\n')
    const rs = await c.untilResponses(2)
    expect(rs.map(echoed)).toEqual([
      { method: 'GET', url: '/v1/secret/metadata?list=true', body: '' },
      { method: 'GET', url: '/v1/a?x=1&list=true', body: '' },
    ])
    expect(h.seen.map((s) => [s.method, s.url])).toEqual([
      ['GET', '/v1/secret/metadata?list=true'],
      ['GET', '/v1/a?x=1&list=true'],
    ])
  })

  it('handles a pipelined mix written at once', async () => {
    const h = await listenFront()
    const c = await RawClient.connect(h.port)
    c.socket.write(
      'LIST /v1/a HTTP/1.1\r\nHost: x\r\n\r\n' +
        'GET /v1/b HTTP/1.1\r\nHost: x\r\n\r\n' +
        'POST /v1/c HTTP/1.1\r\nHost: x\r\nContent-Length: 25\r\n\r\nLIST /v1/x HTTP/1.1\r\n\r\nab' +
        'LIST /v1/d?y=2 HTTP/1.1\r\nHost: x\r\n\r\n' +
        `PUT /v1/e HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunkedBody(['LIST /v1/x HTTP/1.1\r\n'])}` +
        'DELETE /v1/f HTTP/1.1\r\nHost: x\r\n\r\n' +
        'LIST /v1/g/ HTTP/1.1\r\nHost: x\r\n\r\n',
    )
    const rs = await c.untilResponses(7)
    expect(rs.map(echoed)).toEqual([
      { method: 'GET', url: '/v1/a?list=true', body: '' },
      { method: 'GET', url: '/v1/b', body: '' },
      { method: 'POST', url: '/v1/c', body: 'LIST /v1/x HTTP/1.1\r\n\r\nab' },
      { method: 'GET', url: '/v1/d?y=2&list=true', body: '' },
      { method: 'PUT', url: '/v1/e', body: 'LIST /v1/x HTTP/1.1\r\n' },
      { method: 'DELETE', url: '/v1/f', body: '' },
      { method: 'GET', url: '/v1/g/?list=true', body: '' },
    ])
  })

  it('sends everything one event-loop turn wrote to a connection in a single write', async () => {
    const h = await listenFront()
    const writes: number[] = [] // chunks per write the raw socket makes
    h.front.on('connection', (raw: net.Socket) => {
      const write = raw._write.bind(raw)
      const writev = raw._writev?.bind(raw)
      raw._write = (chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void) => {
        writes.push(1)
        write(chunk, encoding, callback)
      }
      if (writev) {
        raw._writev = (chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>, callback: (error?: Error | null) => void) => {
          writes.push(chunks.length)
          writev(chunks, callback)
        }
      }
    })
    const c = await RawClient.connect(h.port)
    c.socket.write('GET /v1/a HTTP/1.1\r\nHost: x\r\n\r\nLIST /v1/b HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/c HTTP/1.1\r\nHost: x\r\n\r\n')
    const rs = await c.untilResponses(3)
    expect(rs.map((r) => echoed(r).url)).toEqual(['/v1/a', '/v1/b?list=true', '/v1/c'])
    // Three responses (head and body each), held until the turn ended, then flushed together.
    expect(writes).toHaveLength(1)
    expect(writes[0]).toBeGreaterThanOrEqual(3)
  })

  it('handles requests fed one byte at a time', async () => {
    const h = await listenFront()
    const c = await RawClient.connect(h.port)
    const bytes = b(
      'LIST /v1/one HTTP/1.1\r\nHost: x\r\n\r\n' +
        'POST /v1/two HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nLIST /' +
        `POST /v1/three HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunkedBody(['LI', 'ST /'], { ext: ';e=1', trailers: ['T: v'] })}` +
        'LIST /v1/four?q HTTP/1.1\r\nHost: x\r\n\r\n',
    )
    await c.writeInPieces(bytes, () => 1)
    const rs = await c.untilResponses(4)
    expect(rs.map(echoed)).toEqual([
      { method: 'GET', url: '/v1/one?list=true', body: '' },
      { method: 'POST', url: '/v1/two', body: 'LIST /' },
      { method: 'POST', url: '/v1/three', body: 'LIST /' },
      { method: 'GET', url: '/v1/four?q&list=true', body: '' },
    ])
  })

  it('serves a chunked POST (extensions, trailers) then a LIST on one connection', async () => {
    const h = await listenFront()
    const c = await RawClient.connect(h.port)
    c.socket.write(
      'POST /v1/sys/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n' +
        chunkedBody(['{"a":', '"LIST /v1/x HTTP/1.1\\r\\n"}'], { ext: ';name="v a l"', trailers: ['X-Checksum: 1', 'X-Other: LIST /'] }),
    )
    const first = await c.untilResponses(1)
    expect(echoed(first[0]!)).toEqual({ method: 'POST', url: '/v1/sys/x', body: '{"a":"LIST /v1/x HTTP/1.1\\r\\n"}' })
    c.socket.write('LIST /v1/secret HTTP/1.1\r\nHost: x\r\n\r\n')
    const rs = await c.untilResponses(2)
    expect(echoed(rs[1]!)).toEqual({ method: 'GET', url: '/v1/secret?list=true', body: '' })
  })

  it('never rewrites body bytes that look like a LIST request line', async () => {
    const h = await listenFront()
    const c = await RawClient.connect(h.port)
    const body = Buffer.concat([b('LIST /v1/x HTTP/1.1\r\n'), Buffer.from([0, 255, 13, 10, 13, 10]), b('LIST /v1/y HTTP/1.1\r\nHost: z\r\n\r\n')])
    c.socket.write(Buffer.concat([b(`PUT /v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n`), body]))
    c.socket.write(`POST /v1/echo2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n`)
    c.socket.write(Buffer.concat([body, b('\r\n0\r\n\r\n')]))
    const rs = await c.untilResponses(2)
    expect(h.seen).toHaveLength(2)
    expect(h.seen[0]!.body.equals(body)).toBe(true)
    expect(h.seen[1]!.body.equals(body)).toBe(true)
    expect(Buffer.from(JSON.parse(rs[0]!.body.toString()).body, 'base64').equals(body)).toBe(true)
  })

  it('preserves the peer address and looks like a socket', async () => {
    let info: Record<string, unknown> = {}
    const h = await listenFront((req, res) => {
      const s = req.socket as net.Socket & { encrypted?: unknown; _handle?: unknown }
      info = {
        isWrapper: s instanceof ListFrontSocket,
        remoteAddress: s.remoteAddress,
        remotePort: s.remotePort,
        remoteFamily: s.remoteFamily,
        localAddress: s.localAddress,
        localPort: s.localPort,
        encrypted: s.encrypted,
        handle: s._handle,
        readyState: s.readyState,
        address: s.address(),
      }
      s.setNoDelay(true)
      s.setKeepAlive(true, 1000)
      res.on('finish', () => {
        info['bytesWritten'] = s.bytesWritten
      })
      res.end('ok')
    })
    const c = await RawClient.connect(h.port)
    c.socket.write('GET /v1/a HTTP/1.1\r\nHost: x\r\n\r\n')
    await c.untilResponses(1)
    await sleep(10)
    expect(info).toMatchObject({
      isWrapper: true,
      remoteAddress: '127.0.0.1',
      remotePort: c.socket.localPort,
      remoteFamily: 'IPv4',
      localAddress: '127.0.0.1',
      localPort: h.port,
      encrypted: undefined,
      handle: undefined,
      readyState: 'open',
      address: { address: '127.0.0.1', port: h.port, family: 'IPv4' },
    })
    expect(info['bytesWritten']).toBe(c.data.length)
  })

  it('supports Expect: 100-continue', async () => {
    const h = await listenFront()
    const c = await RawClient.connect(h.port)
    c.socket.write('LIST /v1/a HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n')
    await c.until(() => c.data.toString('latin1').startsWith('HTTP/1.1 100 Continue\r\n\r\n'))
    c.socket.write('body')
    const rs = await c.untilResponses(1)
    expect(echoed(rs[0]!)).toEqual({ method: 'GET', url: '/v1/a?list=true', body: 'body' })
  })

  it('closes after Connection: close', async () => {
    const h = await listenFront()
    const c = await RawClient.connect(h.port)
    c.socket.write('LIST /v1/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    await c.untilClosed()
    expect(c.ended).toBe(true)
    expect(c.responses().map(echoed)).toEqual([{ method: 'GET', url: '/v1/a?list=true', body: '' }])
  })

  it('survives a client half-close, with a held partial LIST line', async () => {
    const h = await listenFront()
    const c = await RawClient.connect(h.port, { allowHalfOpen: true })
    c.socket.end('LIST /v1/a HTTP/1.1\r\nHost: x\r\n\r\nLIST /v1/b HT')
    await c.untilClosed()
    // Node answers the complete request, then rejects the truncated one.
    expect(c.responses()[0] && echoed(c.responses()[0]!)).toEqual({ method: 'GET', url: '/v1/a?list=true', body: '' })
  })

  it('survives client resets mid-request and mid-response', async () => {
    const h = await listenFront((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.write(Buffer.alloc(1 << 20))
      setTimeout(() => res.end(), 50)
      req.resume()
    })
    const a = await RawClient.connect(h.port)
    a.socket.write('POST /v1/a HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial')
    await sleep(20)
    a.socket.resetAndDestroy()
    const c2 = await RawClient.connect(h.port)
    c2.socket.write('LIST /v1/b HTTP/1.1\r\nHost: x\r\n\r\n')
    await c2.until(() => c2.received > 1000)
    c2.socket.resetAndDestroy()
    await sleep(100)
    // Still serving.
    const c3 = await RawClient.connect(h.port)
    c3.socket.write('GET /v1/c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    await c3.untilClosed()
    expect(c3.data.toString('latin1')).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
  })

  it('lets the server close idle connections (keepAliveTimeout, setTimeout)', async () => {
    const h = await listenFront(undefined, { keepAliveTimeout: 150 })
    const c = await RawClient.connect(h.port)
    c.socket.write('LIST /v1/a HTTP/1.1\r\nHost: x\r\n\r\n')
    await c.untilResponses(1)
    const t0 = Date.now()
    await c.untilClosed(3000)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100)
  })

  it('lets Node answer 431 to an oversized header block and 400 to malformed framing', async () => {
    const seen: Seen[] = []
    const handler = echoHandler(seen)
    const h = await listenFront(handler)
    const plain = await listenPlain(handler)
    const big = `X-Big: ${'a'.repeat(70 * 1024)}\r\n`
    const inputs = [
      `GET /v1/a HTTP/1.1\r\nHost: x\r\n${big}\r\n`,
      `LIST /v1/a HTTP/1.1\r\nHost: x\r\n${big}\r\n`,
      'POST /v1/a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n',
      'POST /v1/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nLIST /v1/a HTTP/1.1\r\n\r\n',
      'GET /v1/a HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n 2\r\n\r\n',
      'GET /v1/a HTTP/1.1\nHost: x\n\n',
    ]
    for (const input of inputs) {
      const viaFront = await RawClient.connect(h.port)
      viaFront.socket.write(input)
      await viaFront.untilClosed()
      const direct = await RawClient.connect(plain.port)
      direct.socket.write(input.replace(/^LIST \/v1\/a /, 'GET /v1/a?list=true '))
      await direct.untilClosed()
      const status = (c: RawClient): string => c.data.toString('latin1').split('\r\n')[0] ?? ''
      expect(status(viaFront), input.slice(0, 60)).toBe(status(direct))
      expect(status(viaFront)).toMatch(/^HTTP\/1\.1 4(00|31) /)
    }
    expect(seen).toHaveLength(0)
  })

  it('passes upgraded connections through untouched', async () => {
    const h = await listenFront()
    h.httpServer.on('upgrade', (_req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n')
      if (head.length) socket.write(head)
      socket.on('data', (d: Buffer) => socket.write(d))
      socket.on('end', () => socket.end()) // upgraded sockets are the handler's to close, as in Node
    })
    const c = await RawClient.connect(h.port)
    c.socket.write('GET /v1/ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\nLIST /v1/x HTTP/1.1\r\n')
    await sleep(20)
    c.socket.write('LIST /v1/y HTTP/1.1\r\n\r\n')
    const expected = 'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\nLIST /v1/x HTTP/1.1\r\nLIST /v1/y HTTP/1.1\r\n\r\n'
    await c.until(() => c.data.length >= expected.length)
    expect(c.data.toString('latin1')).toBe(expected)
  })

  it('applies backpressure on the request body when the handler does not read', async () => {
    let req: http.IncomingMessage | undefined
    const h = await listenFront((r, res) => {
      req = r
      let n = 0
      r.on('data', (d: Buffer) => (n += d.length))
      r.on('end', () => res.end(String(n)))
      r.pause()
    })
    const total = 64 * 1024 * 1024
    const c = await RawClient.connect(h.port)
    c.socket.write(`PUT /v1/big HTTP/1.1\r\nHost: x\r\nContent-Length: ${total}\r\n\r\n`)
    // Queue the whole body on the client at once, ignoring its backpressure.
    const piece = Buffer.alloc(1024 * 1024, 0x4c)
    for (let written = 0; written < total; written += piece.length) c.socket.write(piece)
    await sleep(300)
    // The server stopped reading: the kernel buffers filled and the client is stuck.
    expect(c.socket.writableLength).toBeGreaterThan(total / 2)
    const wrapper = req?.socket as unknown as ListFrontSocket
    expect(wrapper.readableLength).toBeLessThanOrEqual(wrapper.readableHighWaterMark * 2)
    req?.resume()
    const rs = await c.untilResponses(1, 15_000)
    expect(rs[0]!.body.toString()).toBe(String(total))
  })

  it('respects write backpressure towards a slow client', async () => {
    const total = 32 * 1024 * 1024
    let sawBackpressure = false
    const h = await listenFront((_req, res) => {
      res.writeHead(200, { 'content-length': total })
      const piece = Buffer.alloc(256 * 1024, 0x61)
      let sent = 0
      const pump = (): void => {
        while (sent < total) {
          sent += piece.length
          if (!res.write(piece)) {
            sawBackpressure = true
            res.once('drain', pump)
            return
          }
        }
        res.end()
      }
      pump()
    })
    const c = await RawClient.connect(h.port)
    c.socket.pause()
    c.socket.write('LIST /v1/big HTTP/1.1\r\nHost: x\r\n\r\n')
    await sleep(200)
    expect(sawBackpressure).toBe(true)
    c.socket.resume()
    await c.until(() => c.received >= total, 15_000)
    const rs = await c.untilResponses(1)
    expect(rs[0]!.body.length).toBe(total)
  })

  it('shuts down without hanging: idle keep-alive, in-flight and half-sent requests', async () => {
    const h = await listenFront((req, res) => {
      if (req.url === '/v1/slow') return // never answers
      res.end('ok')
    })
    const idle = await RawClient.connect(h.port)
    idle.socket.write('LIST /v1/a HTTP/1.1\r\nHost: x\r\n\r\n')
    await idle.untilResponses(1)
    const busy = await RawClient.connect(h.port)
    busy.socket.write('GET /v1/slow HTTP/1.1\r\nHost: x\r\n\r\n')
    const partial = await RawClient.connect(h.port)
    partial.socket.write('LIST /v1/par')
    const silent = await RawClient.connect(h.port)
    await sleep(50)

    // Graceful first: only the idle connection goes.
    h.httpServer.closeIdleConnections()
    await idle.untilClosed(2000)
    expect(busy.closed).toBe(false)

    const t0 = Date.now()
    await h.close()
    expect(Date.now() - t0).toBeLessThan(2000)
    await Promise.all([busy.untilClosed(2000), partial.untilClosed(2000), silent.untilClosed(2000)])
  })

  it('enables the http server connection tracking: headersTimeout answers 408', async () => {
    const h = await listenFront(undefined, { headersTimeout: 200, requestTimeout: 300, connectionsCheckingInterval: 50 })
    const c = await RawClient.connect(h.port)
    c.socket.write('LIST /v1/slowloris HTTP/1.1\r\nHost: x\r\n')
    await c.untilClosed(3000)
    expect(c.data.toString('latin1')).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/)
  })

  it('falls back to closing its own connections when Node offers no tracking hook', async () => {
    const seen: Seen[] = []
    const httpServer = http.createServer(echoHandler(seen))
    httpServer.removeAllListeners('listening') // simulate a Node without setupConnectionsTracking
    const front = createListFront(httpServer)
    front.listen(0, '127.0.0.1')
    await once(front, 'listening')
    const c = await RawClient.connect((front.address() as AddressInfo).port)
    c.socket.write('LIST /v1/a HTTP/1.1\r\nHost: x\r\n\r\n')
    await c.untilResponses(1)
    const t0 = Date.now()
    await new Promise<void>((resolve) => front.close(() => resolve()))
    expect(Date.now() - t0).toBeLessThan(1000)
    await c.untilClosed(1000)
    expect(seen.map((x) => x.url)).toEqual(['/v1/a?list=true'])
  })

  it('works for node-vault list()', async () => {
    const h = await listenFront((req, res) => {
      if (req.method === 'GET' && req.url === '/v1/secret/metadata/x?list=true') {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end('{"data":{"keys":["a"]}}')
      } else {
        res.writeHead(405, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ errors: [`unexpected ${req.method} ${req.url}`] }))
      }
    })
    const client = vault({ endpoint: `http://127.0.0.1:${h.port}`, token: 't' })
    const result: unknown = await client.list('secret/metadata/x')
    expect(result).toEqual({ data: { keys: ['a'] } })
  })
})

describe('createListFront property over sockets', () => {
  it('the handler sees exactly the expected method/url/body sequence', async () => {
    const h = await listenFront()
    await fc.assert(
      fc.asyncProperty(
        fc.array(requestArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 10 }),
        async (reqs, sizes) => {
          h.seen.length = 0
          const c = await RawClient.connect(h.port)
          const input = Buffer.concat(reqs.map((r) => serialize(r)))
          await c.writeInPieces(input, (i) => sizes[i % sizes.length]!)
          await c.untilResponses(reqs.length)
          c.socket.destroy()
          expect(h.seen.map((s) => ({ method: s.method, url: s.url, body: s.body.toString('hex') }))).toEqual(
            reqs.map((r) => ({ method: r.method === 'LIST' ? 'GET' : r.method, url: expectedUrl(r), body: bodyOf(r).toString('hex') })),
          )
        },
      ),
      { numRuns: 60 },
    )
  })
})
