/**
 * The Fastify transport: a thin catch-all that hands every request to the
 * shared HTTP adapter, behind a connection-level front that lets the `LIST`
 * method through Node's HTTP parser.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { http } from '../node-http.js'
import type { AddressInfo } from 'node:net'
import Fastify from 'fastify'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.js'
import { VaultError } from '../../core/errors.js'
import { MAX_REQUEST_BYTES, errorReply, serveVaultApi } from '../http-adapter.js'
import type { HttpReply, HttpRequest } from '../http-adapter.js'
import { serveEmuControl } from '../emu-control.js'
import { createListFront } from './list-front.js'

export interface ListenOptions {
  host?: string
  port?: number
}

export interface RunningServer {
  /** `http://127.0.0.1:8200` */
  address: string
  port: number
  close(): Promise<void>
}

function send(reply: FastifyReply, out: HttpReply): FastifyReply {
  reply.code(out.status)
  for (const [k, v] of Object.entries(out.headers)) reply.header(k, v)
  if (out.body === undefined) return reply.send()
  if (typeof out.body !== 'string') return reply.send(Buffer.from(out.body))
  // A string body lets Node send headers and body in one write. The identity serializer
  // keeps Fastify from appending `; charset=utf-8`, which some clients reject.
  return reply.serializer(identity).send(out.body)
}

const identity = (payload: unknown): string => payload as string

function toHttpRequest(req: FastifyRequest): HttpRequest {
  const body = Buffer.isBuffer(req.body) ? req.body : undefined
  return {
    method: req.method,
    url: req.url,
    headers: req.headers,
    body,
    remoteAddress: req.socket.remoteAddress ?? '127.0.0.1',
    ...(req.socket.remotePort === undefined ? {} : { remotePort: req.socket.remotePort }),
  }
}

/** Fastify's router limit for the `/v1/*` capture (`maxParamLength` below): longer URLs take its answer. */
const MAX_PARAM_LENGTH = 100_000

/**
 * A `GET` under `/v1/` without a body, whose path Fastify's router would not
 * decode (no `%`): such a request goes straight to the adapter, skipping
 * Fastify's routing, hooks and reply machinery (a good part of a KV read's
 * CPU time). Everything else takes the Fastify route.
 */
function isPlainVaultGet(req: IncomingMessage): boolean {
  const url = req.url
  return (
    req.method === 'GET' &&
    url !== undefined &&
    url.startsWith('/v1/') &&
    url.length < MAX_PARAM_LENGTH &&
    !url.includes('%') &&
    req.headers['content-length'] === undefined &&
    req.headers['transfer-encoding'] === undefined
  )
}

async function servePlainVaultGet(core: Core, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const socket = req.socket
  let out: HttpReply
  try {
    out = await serveVaultApi(core, {
      method: 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body: undefined,
      remoteAddress: socket.remoteAddress ?? '127.0.0.1',
      ...(socket.remotePort === undefined ? {} : { remotePort: socket.remotePort }),
    })
  } catch (err) {
    out = errorReply(err)
  }
  writeLikeFastify(res, out)
}

/**
 * Write a reply with the bytes Fastify's `send` (above) puts on the wire for
 * it: the headers in the order given, then `content-length` (none for 204 and
 * 304), a default content type for a body without one, no body for 1xx/204.
 */
function writeLikeFastify(res: ServerResponse, out: HttpReply): void {
  const headers: Record<string, string> = {}
  for (const name in out.headers) headers[name.toLowerCase()] = out.headers[name] as string
  const status = out.status
  const body = out.body === undefined ? undefined : typeof out.body === 'string' ? out.body : Buffer.from(out.body)
  if (body === undefined) {
    if (status >= 200 && status !== 204 && status !== 304) headers['content-length'] = '0'
    res.writeHead(status, headers)
    res.end()
    return
  }
  if (!headers['content-type']) headers['content-type'] = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream'
  if ((status >= 100 && status < 200) || status === 204) {
    delete headers['content-type']
    delete headers['content-length']
    res.writeHead(status, headers)
    res.end()
    return
  }
  const length = Buffer.byteLength(body)
  if (!headers['content-length'] || Number(headers['content-length']) !== length) headers['content-length'] = String(length)
  res.writeHead(status, headers)
  res.end(body)
}

function noSchemaCompiler(): never {
  throw new Error('[vault-emu] a route declared a schema, but this server compiles none')
}

export function buildFastify(core: Core): { app: FastifyInstance; httpServer: Server } {
  let httpServer: Server | undefined
  const app = Fastify({
    logger: false,
    bodyLimit: MAX_REQUEST_BYTES,
    // Vault has no trailing-slash or case rules of its own to normalise.
    routerOptions: { ignoreTrailingSlash: false, caseSensitive: true, maxParamLength: MAX_PARAM_LENGTH },
    // No route declares a schema (the adapter reads bodies itself), so no schema compiler is
    // ever asked for one; left to choose its own, Fastify would load ajv at start-up.
    schemaController: { compilersFactory: { buildValidator: () => noSchemaCompiler, buildSerializer: () => noSchemaCompiler } },
    serverFactory: (handler) => {
      httpServer = http.createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
        if (isPlainVaultGet(req)) void servePlainVaultGet(core, req, res)
        else handler(req, res)
      })
      return httpServer
    },
  })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body))

  app.all('/v1/*', async (req, reply) => send(reply, await serveVaultApi(core, toHttpRequest(req))))
  app.all('/_emu/*', async (req, reply) => send(reply, await serveEmuControl(core, toHttpRequest(req))))
  app.get('/', async (_req, reply) => reply.redirect('/ui/', 307))

  app.setNotFoundHandler(async (_req, reply) => send(reply, errorReply(new VaultError('unsupported-path', ''))))
  app.setErrorHandler(async (err, _req, reply) => {
    const code = (err as { code?: string }).code
    const statusCode = (err as { statusCode?: number }).statusCode
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || statusCode === 413) {
      return send(reply, errorReply(new VaultError('payload-too-large', 'http: request body too large')))
    }
    if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
      return send(reply, errorReply(new VaultError('invalid-request', '', { status: statusCode })))
    }
    return send(reply, errorReply(err))
  })
  if (!httpServer) throw new Error('[vault-emu] Fastify did not create its server')
  return { app, httpServer }
}

/** Serve the core over HTTP on host:port (port 0 picks a free one). */
export async function listen(core: Core, options: ListenOptions = {}): Promise<RunningServer> {
  const { app, httpServer } = buildFastify(core)
  await app.ready()
  const front = createListFront(httpServer)
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject)
    front.listen(options.port ?? 8200, host, () => {
      front.off('error', reject)
      resolve()
    })
  })
  const { port } = front.address() as AddressInfo
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host
  const address = `http://${shownHost}:${port}`
  core.apiAddress = address
  return {
    address,
    port,
    close: async () => {
      await new Promise<void>((resolve) => {
        front.close(() => resolve())
        httpServer.closeAllConnections()
      })
      await app.close()
    },
  }
}
