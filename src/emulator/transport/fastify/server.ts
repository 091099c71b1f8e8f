/**
 * The Fastify transport: a thin catch-all that hands every request to the
 * shared HTTP adapter, behind a connection-level front that lets the `LIST`
 * method through Node's HTTP parser.
 */
import http from 'node:http'
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

export function buildFastify(core: Core): { app: FastifyInstance; httpServer: http.Server } {
  let httpServer: http.Server | undefined
  const app = Fastify({
    logger: false,
    bodyLimit: MAX_REQUEST_BYTES,
    // Vault has no trailing-slash or case rules of its own to normalise.
    routerOptions: { ignoreTrailingSlash: false, caseSensitive: true, maxParamLength: 100_000 },
    serverFactory: (handler) => {
      httpServer = http.createServer({ keepAliveTimeout: 5_000 }, handler)
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
