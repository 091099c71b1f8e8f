/**
 * A connection-level front that lets the `LIST` HTTP method through Node's
 * HTTP parser.
 *
 * Vault clients (node-vault's `list()`, hvac, `curl --request LIST`) send the
 * custom method `LIST`, which Node's built-in parser (llhttp) rejects with
 * `400 HPE_INVALID_METHOD` before any framework sees the request. Vault treats
 * `LIST /v1/x` exactly like `GET /v1/x?list=true`, so this front accepts the
 * TCP connections itself and hands each one to the `http.Server` through a
 * {@link ListFrontSocket}: a Duplex that looks like a `net.Socket` and rewrites,
 * in the incoming byte stream, every request line
 *
 *     LIST <target> HTTP/1.x   →   GET <target>?list=true HTTP/1.x
 *
 * (`&list=true` when the target already has a query). Every other byte passes
 * through unchanged. Request boundaries are found by parsing the framing — the
 * request line, the header block up to the empty line, then a body delimited by
 * `Content-Length` or `Transfer-Encoding: chunked` (chunk extensions and
 * trailers included) — so a body that contains `LIST /` is never touched.
 * Anything the scanner does not fully understand (an oversized header block,
 * malformed or conflicting framing, `CONNECT`, `Upgrade`) switches the
 * connection to plain pass-through, so Node's own parser answers it (400/431)
 * exactly as it would without the front.
 *
 * Because the wrapper exposes no `_handle`, Node's HTTP server reads it through
 * the ordinary JS stream path (`socket.on('data')` → `parser.execute`) instead
 * of its native fast path (`parser.consume(socket._handle)`), which would
 * bypass the rewrite.
 *
 * Writes are coalesced per event-loop turn: the first write to a connection in
 * a turn corks the raw socket, and a single `setImmediate` uncorks every corked
 * socket once the poll phase has run all its I/O callbacks. Under load one turn
 * serves many connections; sending their responses back to back at its end,
 * instead of one at a time between requests, lets a peer that went to sleep
 * waiting wake once for the whole batch rather than once per response (each
 * wake-up makes a loopback `write` several times dearer). A connection that is
 * destroyed first still sends what was written before (Node's 400/408/431).
 *
 * Shutdown: `front.close(cb)` stops accepting; `httpServer.closeAllConnections()`
 * (or `closeIdleConnections()` for a gentler stop) destroys the wrapped
 * connections, after which `cb` runs. That works even though the `http.Server`
 * itself never listens: while the front listens it switches on the server's
 * connection tracking (which Node otherwise only does on `'listening'`), so
 * `closeAllConnections`, `closeIdleConnections`, `headersTimeout` and
 * `requestTimeout` behave as usual.
 */
import type { Server } from 'node:http'
import { http } from '../node-http.js'
import net from 'node:net'
import { Duplex } from 'node:stream'

export interface ListFrontOptions {
  /**
   * Largest header block (request line included) the scanner follows; a longer
   * one switches the connection to pass-through so Node answers 431 itself.
   * Default: 64 KiB, or the server's `maxHeaderSize` + 1 KiB when larger.
   */
  maxHeaderBytes?: number
  /** TCP_NODELAY on accepted sockets (default `true`, as `http.createServer`). */
  noDelay?: boolean
  /** SO_KEEPALIVE on accepted sockets (default `false`, as `http.createServer`). */
  keepAlive?: boolean
  /** Initial delay for `keepAlive`, in milliseconds (default 0). */
  keepAliveInitialDelay?: number
}

// ---------------------------------------------------------------------------
// The byte-stream rewriter
// ---------------------------------------------------------------------------

const CR = 0x0d
const LF = 0x0a
const SP = 0x20
const HT = 0x09
const COLON = 0x3a
const COMMA = 0x2c
const SEMI = 0x3b
const QMARK = 0x3f
const AMP = 0x26
const L_UPPER = 0x4c

const ST_START = 0 // between requests: skipping stray CR/LF, waiting for a method
const ST_HEAD = 1 // inside the request line or the header block
const ST_BODY = 2 // inside a Content-Length body
const ST_CHUNK_SIZE = 3 // reading chunk-size hex digits
const ST_CHUNK_EXT = 4 // skipping chunk extensions up to LF
const ST_CHUNK_SIZE_LF = 5 // after the CR that ends a chunk-size line
const ST_CHUNK_DATA = 6 // inside chunk data
const ST_CHUNK_DATA_CR = 7 // expecting the CR after chunk data
const ST_CHUNK_DATA_LF = 8 // expecting the LF after chunk data
const ST_TRAILER = 9 // inside the trailer section of a chunked body
const ST_PASS = 10 // pass-through for the rest of the connection

const ascii = (s: string): Buffer => Buffer.from(s, 'latin1')
const LIST_SP = ascii('LIST ')
const CONNECT_SP = ascii('CONNECT ')
const GET_SP = ascii('GET ')
const HTTP_1 = ascii(' HTTP/1.')
const Q_LIST = ascii('?list=true')
const AMP_LIST = ascii('&list=true')
const NAME_CONTENT_LENGTH = ascii('content-length')
const NAME_TRANSFER_ENCODING = ascii('transfer-encoding')
const NAME_UPGRADE = ascii('upgrade')
const CHUNKED = ascii('chunked')
const LIST_TRUE = ascii('list=true')
const EMPTY = Buffer.alloc(0)

/** Chunk-size lines longer than this many hex digits are not followed (2^48). */
const MAX_CHUNK_DIGITS = 12

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30
  const l = b | 0x20
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10
  return -1
}

/** `buf[s..e)` starts with `prefix`, byte for byte. */
function startsWith(buf: Buffer, s: number, e: number, prefix: Buffer): boolean {
  if (e - s < prefix.length) return false
  for (let i = 0; i < prefix.length; i++) if (buf[s + i] !== prefix[i]) return false
  return true
}

/** `buf[s..)` is `name` (lower-case letters and '-') case-insensitively, followed by ':'. */
function isHeader(buf: Buffer, s: number, e: number, name: Buffer): boolean {
  const n = name.length
  if (e - s <= n || buf[s + n] !== COLON) return false
  for (let i = 0; i < n; i++) {
    const c = buf[s + i]!
    const want = name[i]!
    if (c !== want && !(want >= 0x61 && want <= 0x7a && c === want - 0x20)) return false
  }
  return true
}

/** `buf[s..e)` equals `word` case-insensitively (word is lower-case letters). */
function equalsIgnoreCase(buf: Buffer, s: number, e: number, word: Buffer): boolean {
  if (e - s !== word.length) return false
  for (let i = 0; i < word.length; i++) {
    const c = buf[s + i]!
    const want = word[i]!
    if (c !== want && c !== want - 0x20) return false
  }
  return true
}

/** Does the query `buf[q..e)` (after the '?') already hold a `list=true` parameter? */
function hasListTrue(buf: Buffer, q: number, e: number): boolean {
  let p = q
  while (p < e) {
    let amp = buf.indexOf(AMP, p)
    if (amp < 0 || amp > e) amp = e
    if (amp - p === LIST_TRUE.length && startsWith(buf, p, amp, LIST_TRUE)) return true
    p = amp + 1
  }
  return false
}

/**
 * Rewrite a complete request line `buf[s..e)` (terminator included) of the form
 * `LIST <target> HTTP/1.d` into `GET <target'> HTTP/1.d`; `undefined` when the
 * line does not have exactly that shape (it then passes unchanged).
 */
export function rewriteListLine(buf: Buffer, s: number, e: number): Buffer | undefined {
  let end = e - 1 // at the LF
  if (buf[end] !== LF) return undefined
  if (end > s && buf[end - 1] === CR) end--
  // "LIST " + target(>= 1 byte) + " HTTP/1." + digit
  const versionAt = end - HTTP_1.length - 1
  if (versionAt - s < LIST_SP.length + 1) return undefined
  if (!startsWith(buf, s, end, LIST_SP) || !startsWith(buf, versionAt, end, HTTP_1)) return undefined
  const digit = buf[end - 1]!
  if (digit < 0x30 || digit > 0x39) return undefined
  const ts = s + LIST_SP.length
  const te = versionAt
  let query = -1
  for (let i = ts; i < te; i++) {
    const b = buf[i]!
    if (b <= SP || b === 0x7f) return undefined // SP, CR, HT, other controls: malformed
    if (b === QMARK && query < 0) query = i
  }
  if (te - ts === 1 && buf[ts] === 0x2a) return undefined // "LIST * HTTP/1.1"
  let suffix: Buffer = Q_LIST
  if (query >= 0) {
    const last = buf[te - 1]
    if (hasListTrue(buf, query + 1, te)) suffix = EMPTY
    else if (last === QMARK || last === AMP) suffix = LIST_TRUE
    else suffix = AMP_LIST
  }
  const tail = e - versionAt // " HTTP/1.d" + terminator
  const out = Buffer.allocUnsafe(GET_SP.length + (te - ts) + suffix.length + tail)
  let o = GET_SP.copy(out, 0)
  o += buf.copy(out, o, ts, te)
  o += suffix.copy(out, o)
  buf.copy(out, o, versionAt, e)
  return out
}

/**
 * Incremental scanner for the client→server byte stream of one HTTP/1.x
 * connection. `feed` appends to `out` the bytes to hand to Node's parser:
 * usually the input chunk itself (no copy), or slices of it around a rewritten
 * `LIST` request line. Memory held across calls is bounded by `maxHead`.
 */
export class ListRewriter {
  readonly #maxHead: number
  #state = ST_START
  /** Within `feed`: start of the bytes of the current chunk not yet emitted. */
  #emitFrom = 0

  // Header block.
  #headBytes = 0
  #firstLine = true
  /** Holding back the request line because it may be `LIST `. */
  #holding = false
  /** Copy of the current, incomplete line (held bytes when `#holding`). */
  #carry: Buffer = EMPTY
  #carryLen = 0
  #contentLength = -1
  #badContentLength = false
  #transferEncoding = false
  #chunked = false
  #passAfterHead = false

  // Bodies.
  #remaining = 0
  #chunkDigits = 0
  #extBytes = 0
  #trailerBytes = 0
  #trailerLineLen = 0
  #trailerLastCR = false

  constructor(maxHead = 64 * 1024) {
    this.#maxHead = maxHead
  }

  /** True once the connection has switched to plain pass-through. */
  get passThrough(): boolean {
    return this.#state === ST_PASS
  }

  /** Scan `chunk`, appending the bytes to forward to `out`. */
  feed(chunk: Buffer, out: Buffer[]): void {
    const len = chunk.length
    if (this.#state === ST_PASS) {
      if (len > 0) out.push(chunk)
      return
    }
    this.#emitFrom = 0
    let pos = 0
    while (pos < len) {
      switch (this.#state) {
        case ST_START: {
          const b = chunk[pos]!
          if (b === CR || b === LF) {
            pos++ // Node skips empty lines before a request line
            break
          }
          this.#beginHead()
          if (b === L_UPPER) {
            if (pos > this.#emitFrom) out.push(chunk.subarray(this.#emitFrom, pos))
            this.#emitFrom = pos
            this.#holding = true
          }
          break
        }
        case ST_HEAD:
          pos = this.#head(chunk, pos, out)
          break
        case ST_BODY: {
          const take = Math.min(this.#remaining, len - pos)
          pos += take
          this.#remaining -= take
          if (this.#remaining === 0) this.#state = ST_START
          break
        }
        case ST_CHUNK_SIZE: {
          const b = chunk[pos]!
          const h = hexValue(b)
          if (h >= 0) {
            if (++this.#chunkDigits > MAX_CHUNK_DIGITS) {
              this.#enterPass(out)
              break
            }
            this.#remaining = this.#remaining * 16 + h
            pos++
          } else if (this.#chunkDigits === 0) {
            this.#enterPass(out)
          } else if (b === CR) {
            this.#state = ST_CHUNK_SIZE_LF
            pos++
          } else if (b === LF) {
            pos++
            this.#chunkSizeDone()
          } else if (b === SEMI) {
            this.#state = ST_CHUNK_EXT
            this.#extBytes = 0
            pos++
          } else {
            this.#enterPass(out)
          }
          break
        }
        case ST_CHUNK_EXT: {
          const lf = chunk.indexOf(LF, pos)
          const stop = lf < 0 ? len : lf
          this.#extBytes += stop - pos
          if (this.#extBytes > this.#maxHead) {
            this.#enterPass(out)
            break
          }
          if (lf < 0) {
            pos = len
          } else {
            pos = lf + 1
            this.#chunkSizeDone()
          }
          break
        }
        case ST_CHUNK_SIZE_LF:
          if (chunk[pos] === LF) {
            pos++
            this.#chunkSizeDone()
          } else {
            this.#enterPass(out)
          }
          break
        case ST_CHUNK_DATA: {
          const take = Math.min(this.#remaining, len - pos)
          pos += take
          this.#remaining -= take
          if (this.#remaining === 0) this.#state = ST_CHUNK_DATA_CR
          break
        }
        case ST_CHUNK_DATA_CR: {
          const b = chunk[pos]
          if (b === CR) {
            this.#state = ST_CHUNK_DATA_LF
            pos++
          } else if (b === LF) {
            this.#beginChunkSize()
            pos++
          } else {
            this.#enterPass(out)
          }
          break
        }
        case ST_CHUNK_DATA_LF:
          if (chunk[pos] === LF) {
            this.#beginChunkSize()
            pos++
          } else {
            this.#enterPass(out)
          }
          break
        case ST_TRAILER:
          pos = this.#trailer(chunk, pos, out)
          break
        default: // ST_PASS
          pos = len
          break
      }
    }
    if (this.#emitFrom < len) out.push(this.#emitFrom === 0 ? chunk : chunk.subarray(this.#emitFrom))
  }

  /** The peer ended its side: release whatever is held back, unchanged. */
  flush(out: Buffer[]): void {
    if (this.#holding) this.#release(out, true)
    this.#carryLen = 0
  }

  #beginHead(): void {
    this.#state = ST_HEAD
    this.#headBytes = 0
    this.#firstLine = true
    this.#holding = false
    this.#carryLen = 0
    this.#contentLength = -1
    this.#badContentLength = false
    this.#transferEncoding = false
    this.#chunked = false
    this.#passAfterHead = false
  }

  #beginChunkSize(): void {
    this.#state = ST_CHUNK_SIZE
    this.#remaining = 0
    this.#chunkDigits = 0
  }

  #chunkSizeDone(): void {
    if (this.#remaining > 0) {
      this.#state = ST_CHUNK_DATA
    } else {
      this.#state = ST_TRAILER
      this.#trailerBytes = 0
      this.#trailerLineLen = 0
      this.#trailerLastCR = false
    }
  }

  /** Give up following the framing: everything from here on passes unchanged. */
  #enterPass(out: Buffer[]): void {
    if (this.#holding) this.#release(out, true)
    this.#state = ST_PASS
    this.#carry = EMPTY
    this.#carryLen = 0
  }

  /** Emit the held request-line bytes unchanged. */
  #release(out: Buffer[], giveAway: boolean): void {
    this.#holding = false
    if (this.#carryLen === 0) return
    if (giveAway) {
      out.push(this.#carry.subarray(0, this.#carryLen))
      this.#carry = EMPTY
      this.#carryLen = 0
    } else {
      out.push(Buffer.from(this.#carry.subarray(0, this.#carryLen)))
    }
  }

  #appendCarry(chunk: Buffer, s: number, e: number): void {
    const need = this.#carryLen + (e - s)
    if (need > this.#carry.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.#carry.length * 2, 256))
      this.#carry.copy(grown, 0, 0, this.#carryLen)
      this.#carry = grown
    }
    chunk.copy(this.#carry, this.#carryLen, s, e)
    this.#carryLen = need
  }

  /** Could the held bytes still be the start of `LIST `? */
  #mayBeList(): boolean {
    const n = Math.min(this.#carryLen, LIST_SP.length)
    for (let i = 0; i < n; i++) if (this.#carry[i] !== LIST_SP[i]) return false
    return true
  }

  #head(chunk: Buffer, pos: number, out: Buffer[]): number {
    const len = chunk.length
    const lf = chunk.indexOf(LF, pos)
    const stop = lf < 0 ? len : lf + 1
    this.#headBytes += stop - pos
    if (this.#headBytes > this.#maxHead) {
      this.#enterPass(out) // Node's parser answers 431 (or 400) itself
      return len
    }
    if (lf < 0) {
      // An incomplete line: keep a copy to parse once its end arrives.
      this.#appendCarry(chunk, pos, len)
      if (this.#holding) {
        this.#emitFrom = len // the held bytes now live in the carry
        if (!this.#mayBeList()) this.#release(out, false)
      }
      return len
    }
    let buf = chunk
    let s = pos
    let e = stop
    const carried = this.#carryLen > 0
    if (carried) {
      this.#appendCarry(chunk, pos, stop)
      buf = this.#carry
      s = 0
      e = this.#carryLen
    }
    if (this.#firstLine) {
      this.#firstLine = false
      if (this.#holding) {
        this.#holding = false
        const rewritten = rewriteListLine(buf, s, e)
        if (rewritten !== undefined) {
          out.push(rewritten)
          this.#emitFrom = stop
        } else if (carried) {
          out.push(Buffer.from(buf.subarray(s, e)))
          this.#emitFrom = stop
        } // else: the line is still in `chunk` from #emitFrom on and flows out as is
      } else if (startsWith(buf, s, e, CONNECT_SP)) {
        this.#passAfterHead = true // a tunnel follows the head
      }
    } else {
      let end = e - 1
      if (end > s && buf[end - 1] === CR) end--
      if (end === s) {
        this.#carryLen = 0
        this.#endHead(out)
        return stop
      }
      this.#headerLine(buf, s, end)
    }
    this.#carryLen = 0
    return stop
  }

  /** One header line `buf[s..e)`, terminator excluded. */
  #headerLine(buf: Buffer, s: number, e: number): void {
    const b0 = buf[s]!
    if (b0 === SP || b0 === HT) {
      this.#passAfterHead = true // obs-fold: Node rejects it; do not guess
      return
    }
    const l0 = b0 | 0x20
    if (l0 === 0x63 /* c */) {
      if (isHeader(buf, s, e, NAME_CONTENT_LENGTH)) this.#parseContentLength(buf, s + NAME_CONTENT_LENGTH.length + 1, e)
    } else if (l0 === 0x74 /* t */) {
      if (isHeader(buf, s, e, NAME_TRANSFER_ENCODING)) this.#parseTransferEncoding(buf, s + NAME_TRANSFER_ENCODING.length + 1, e)
    } else if (l0 === 0x75 /* u */) {
      if (isHeader(buf, s, e, NAME_UPGRADE)) this.#passAfterHead = true // the protocol may switch after the head
    }
  }

  #parseContentLength(buf: Buffer, s: number, e: number): void {
    while (s < e && (buf[s] === SP || buf[s] === HT)) s++
    while (e > s && (buf[e - 1] === SP || buf[e - 1] === HT)) e--
    let value = 0
    for (let i = s; i < e; i++) {
      const d = buf[i]! - 0x30
      if (d < 0 || d > 9) {
        this.#badContentLength = true
        return
      }
      value = value * 10 + d
    }
    // Node rejects empty, duplicate and absurdly large values.
    if (s === e || this.#contentLength >= 0 || value > Number.MAX_SAFE_INTEGER) this.#badContentLength = true
    this.#contentLength = value
  }

  #parseTransferEncoding(buf: Buffer, s: number, e: number): void {
    this.#transferEncoding = true
    // The last coding decides whether the body is chunked.
    let ts = s
    for (let i = e - 1; i >= s; i--) {
      if (buf[i] === COMMA) {
        ts = i + 1
        break
      }
    }
    let te = e
    while (ts < te && (buf[ts] === SP || buf[ts] === HT)) ts++
    while (te > ts && (buf[te - 1] === SP || buf[te - 1] === HT)) te--
    this.#chunked = equalsIgnoreCase(buf, ts, te, CHUNKED)
  }

  #endHead(out: Buffer[]): void {
    if (this.#passAfterHead || this.#badContentLength) {
      this.#enterPass(out)
    } else if (this.#transferEncoding) {
      // TE together with CL, or a final coding other than chunked: Node answers 400.
      if (this.#contentLength >= 0 || !this.#chunked) this.#enterPass(out)
      else this.#beginChunkSize()
    } else if (this.#contentLength > 0) {
      this.#state = ST_BODY
      this.#remaining = this.#contentLength
    } else {
      this.#state = ST_START // a request without CL or TE has no body
    }
  }

  #trailer(chunk: Buffer, pos: number, out: Buffer[]): number {
    const len = chunk.length
    const lf = chunk.indexOf(LF, pos)
    const stop = lf < 0 ? len : lf
    const n = stop - pos
    this.#trailerBytes += n + 1
    if (this.#trailerBytes > this.#maxHead) {
      this.#enterPass(out)
      return len
    }
    if (n > 0) {
      this.#trailerLineLen += n
      this.#trailerLastCR = chunk[stop - 1] === CR
    }
    if (lf < 0) return len
    const empty = this.#trailerLineLen === 0 || (this.#trailerLineLen === 1 && this.#trailerLastCR)
    this.#trailerLineLen = 0
    this.#trailerLastCR = false
    if (empty) this.#state = ST_START
    return lf + 1
  }
}

// ---------------------------------------------------------------------------
// The socket wrapper
// ---------------------------------------------------------------------------

/** Raw sockets corked until the end of the current event-loop turn (see the header comment). */
let corkedThisTurn = new Set<net.Socket>()

function uncorkTurn(): void {
  const sockets = corkedThisTurn
  corkedThisTurn = new Set()
  for (const raw of sockets) raw.uncork()
}

/** Hold `raw`'s writes until the end of this turn (once per turn and socket). */
function corkForTurn(raw: net.Socket): void {
  if (corkedThisTurn.has(raw)) return
  if (corkedThisTurn.size === 0) setImmediate(uncorkTurn)
  corkedThisTurn.add(raw)
  raw.cork()
}

/** Send what `raw` holds for this turn now (before a destroy would drop it). */
function uncorkNow(raw: net.Socket): void {
  if (corkedThisTurn.delete(raw)) raw.uncork()
}

function destroyedError(): Error {
  return Object.assign(new Error('Cannot call write after a stream was destroyed'), { code: 'ERR_STREAM_DESTROYED' })
}

/**
 * A Duplex over an accepted `net.Socket` that rewrites `LIST` request lines on
 * the way in and passes writes straight through, shaped like a socket for
 * Node's HTTP server. It deliberately has no `_handle`.
 */
export class ListFrontSocket extends Duplex {
  readonly #raw: net.Socket
  readonly #rewriter: ListRewriter
  readonly #out: Buffer[] = []
  #rawPaused = false
  #drainCallback: ((error?: Error | null) => void) | null = null

  constructor(raw: net.Socket, maxHeaderBytes?: number) {
    super({
      allowHalfOpen: true, // like an http.Server socket: the HTTP layer decides when to end
      readableHighWaterMark: raw.readableHighWaterMark,
      writableHighWaterMark: raw.writableHighWaterMark,
      // Like a net.Socket: Node's HTTP layer writes strings (head and body), which the
      // raw socket sends natively; decoding them into Buffers here first costs a copy.
      decodeStrings: false,
    })
    this.#raw = raw
    this.#rewriter = new ListRewriter(maxHeaderBytes)
    raw.on('data', (chunk: Buffer) => this.#onData(chunk))
    raw.on('end', () => this.#onEnd())
    raw.on('drain', () => {
      const callback = this.#drainCallback
      if (callback) {
        this.#drainCallback = null
        callback()
      }
    })
    raw.on('timeout', () => this.emit('timeout'))
    raw.on('error', (error: Error) => {
      // No listener (yet): destroy quietly rather than crash the process.
      this.destroy(this.listenerCount('error') > 0 ? error : undefined)
    })
    raw.on('close', () => this.destroy())
  }

  #onData(chunk: Buffer): void {
    const out = this.#out
    this.#rewriter.feed(chunk, out)
    let more = true
    for (let i = 0; i < out.length; i++) more = this.push(out[i]!)
    out.length = 0
    if (!more && !this.#rawPaused && !this.destroyed) {
      this.#rawPaused = true
      this.#raw.pause()
    }
  }

  #onEnd(): void {
    if (this.destroyed) return
    const out = this.#out
    this.#rewriter.flush(out)
    for (let i = 0; i < out.length; i++) this.push(out[i]!)
    out.length = 0
    this.push(null)
  }

  override _read(): void {
    if (this.#rawPaused) {
      this.#rawPaused = false
      this.#raw.resume()
    }
  }

  override _write(chunk: Buffer | string, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    corkForTurn(this.#raw)
    if (this.#raw.write(chunk, encoding)) callback()
    else this.#drainCallback = callback
  }

  override _writev(chunks: Array<{ chunk: Buffer | string; encoding: BufferEncoding }>, callback: (error?: Error | null) => void): void {
    const raw = this.#raw
    corkForTurn(raw)
    for (const { chunk, encoding } of chunks) raw.write(chunk, encoding)
    if (raw.writableNeedDrain) this.#drainCallback = callback
    else callback()
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#raw.end(() => callback())
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const pending = this.#drainCallback
    this.#drainCallback = null
    uncorkNow(this.#raw)
    this.#raw.destroy()
    if (pending) pending(error ?? destroyedError())
    callback(error)
  }

  /** Like `net.Socket#destroySoon`: end, then destroy once everything is flushed. */
  destroySoon(): void {
    if (this.writable) this.end()
    if (this.writableFinished) this.destroy()
    else this.once('finish', () => this.destroy())
  }

  /** Like `net.Socket#resetAndDestroy`: close with a TCP RST. */
  resetAndDestroy(): this {
    uncorkNow(this.#raw)
    this.#raw.resetAndDestroy()
    this.destroy()
    return this
  }

  setTimeout(timeout: number, callback?: () => void): this {
    this.#raw.setTimeout(timeout)
    if (callback) {
      if (timeout === 0) this.removeListener('timeout', callback)
      else this.once('timeout', callback)
    }
    return this
  }

  setNoDelay(noDelay?: boolean): this {
    this.#raw.setNoDelay(noDelay)
    return this
  }

  setKeepAlive(enable?: boolean, initialDelay?: number): this {
    this.#raw.setKeepAlive(enable, initialDelay)
    return this
  }

  ref(): this {
    this.#raw.ref()
    return this
  }

  unref(): this {
    this.#raw.unref()
    return this
  }

  address(): ReturnType<net.Socket['address']> {
    return this.#raw.address()
  }

  get timeout(): number | undefined {
    return this.#raw.timeout
  }

  get remoteAddress(): string | undefined {
    return this.#raw.remoteAddress
  }

  get remotePort(): number | undefined {
    return this.#raw.remotePort
  }

  get remoteFamily(): string | undefined {
    return this.#raw.remoteFamily
  }

  get localAddress(): string | undefined {
    return this.#raw.localAddress
  }

  get localPort(): number | undefined {
    return this.#raw.localPort
  }

  get localFamily(): string | undefined {
    return this.#raw.localFamily
  }

  /** Bytes received from the peer (before the rewrite). */
  get bytesRead(): number {
    return this.#raw.bytesRead
  }

  get bytesWritten(): number {
    return this.#raw.bytesWritten
  }

  get connecting(): boolean {
    return false
  }

  get pending(): boolean {
    return false
  }

  get readyState(): net.SocketReadyState {
    if (this.readable && this.writable) return 'open'
    if (this.readable) return 'readOnly'
    if (this.writable) return 'writeOnly'
    return 'closed'
  }
}

// ---------------------------------------------------------------------------
// The front
// ---------------------------------------------------------------------------

/** Fronts currently listening for each http.Server (connection tracking refcount). */
const trackingUsers = new WeakMap<Server, number>()

/**
 * Node sets up an http.Server's connection tracking (used by
 * `closeAllConnections`, `closeIdleConnections` and the headers/request
 * timeouts) in a `'listening'` listener named `setupConnectionsTracking`. A
 * server fed through `emit('connection')` never listens, so run that listener
 * directly (without emitting `'listening'` to anyone else). Returns false when
 * this Node has no such listener.
 */
function startTracking(httpServer: Server): boolean {
  const users = trackingUsers.get(httpServer) ?? 0
  if (users > 0) {
    trackingUsers.set(httpServer, users + 1)
    return true
  }
  if (!httpServer.listening) {
    const setup = httpServer.listeners('listening').find((f) => f.name === 'setupConnectionsTracking')
    if (!setup) return false
    setup.call(httpServer)
  }
  trackingUsers.set(httpServer, 1)
  return true
}

function stopTracking(httpServer: Server): void {
  const users = (trackingUsers.get(httpServer) ?? 1) - 1
  if (users > 0) {
    trackingUsers.set(httpServer, users)
    return
  }
  trackingUsers.delete(httpServer)
  if (httpServer.listening) return // the server tracks for itself
  // Stop the (unref'd) expiry-check interval so the server can be collected.
  const key = Object.getOwnPropertySymbols(httpServer).find((k) => k.description === 'http.server.connectionsCheckingInterval')
  if (key === undefined) return
  const interval: unknown = Reflect.get(httpServer, key)
  if (interval !== undefined && interval !== null) clearInterval(interval as NodeJS.Timeout)
}

function defaultMaxHeaderBytes(httpServer: Server): number {
  const own: unknown = Reflect.get(httpServer, 'maxHeaderSize')
  const nodeMax = typeof own === 'number' && own > 0 ? own : http.maxHeaderSize
  return Math.max(64 * 1024, nodeMax + 1024)
}

/**
 * A `net.Server` that accepts TCP connections and hands each to `httpServer`
 * (`httpServer.emit('connection', socket)`) through a {@link ListFrontSocket}
 * that turns `LIST <target>` requests into `GET <target>?list=true`.
 *
 * The caller listens on the returned server (`front.listen(port, host)`); to
 * stop, `front.close(cb)` plus `httpServer.closeAllConnections()` (or
 * `closeIdleConnections()` first, for a graceful stop).
 */
export function createListFront(httpServer: Server, options: ListFrontOptions = {}): net.Server {
  const maxHeaderBytes = options.maxHeaderBytes ?? defaultMaxHeaderBytes(httpServer)
  /** Only used when this Node offers no connection tracking for us to enable. */
  let ownTracking: Set<ListFrontSocket> | undefined
  let tracking = false

  const front = net.createServer(
    {
      allowHalfOpen: true,
      noDelay: options.noDelay ?? true,
      keepAlive: options.keepAlive ?? false,
      keepAliveInitialDelay: options.keepAliveInitialDelay ?? 0,
    },
    (raw) => {
      const socket = new ListFrontSocket(raw, maxHeaderBytes)
      if (ownTracking) {
        const sockets = ownTracking
        sockets.add(socket)
        socket.once('close', () => sockets.delete(socket))
      }
      httpServer.emit('connection', socket)
    },
  )

  front.on('listening', () => {
    if (tracking) return
    tracking = true
    if (!startTracking(httpServer)) {
      // Fallback for a Node without `setupConnectionsTracking`: make
      // `front.close()` itself drop the connections so a stop never hangs.
      ownTracking = new Set()
      const sockets = ownTracking
      const close = front.close.bind(front)
      front.close = (callback?: (error?: Error) => void): net.Server => {
        close(callback)
        for (const socket of sockets) socket.destroy()
        return front
      }
    }
  })
  front.on('close', () => {
    if (!tracking) return
    tracking = false
    if (!ownTracking) stopTracking(httpServer)
  })
  return front
}
