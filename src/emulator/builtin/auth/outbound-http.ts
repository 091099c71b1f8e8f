/**
 * The HTTP client auth methods use to reach outside services (a Kubernetes
 * API server, an OIDC provider): real requests, TLS verified against a
 * configured CA bundle (PEM) or the system's roots, TLS 1.2 at least.
 *
 * @example
 * const reply = await outboundRequest({ method: 'POST', url: 'https://k8s:6443/apis/...', body, caPem })
 * reply.status // 201
 */
import http from 'node:http'
import https from 'node:https'

export interface OutboundRequest {
  method: string
  url: string
  headers?: Record<string, string>
  body?: string
  /** CA certificates (PEM) to trust instead of the system roots. */
  caPem?: string
  /** Socket idle timeout; default 30 s. */
  timeoutMs?: number
}

export interface OutboundReply {
  status: number
  headers: Record<string, string>
  body: string
}

export class OutboundError extends Error {
  override name = 'OutboundError'
}

/** Send one request and read the whole reply. Rejects with {@link OutboundError} on network or TLS failure. */
export function outboundRequest(request: OutboundRequest): Promise<OutboundReply> {
  let url: URL
  try {
    url = new URL(request.url)
  } catch {
    return Promise.reject(new OutboundError(`invalid URL ${JSON.stringify(request.url)}`))
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new OutboundError(`unsupported protocol scheme ${JSON.stringify(url.protocol.replace(/:$/, ''))}`))
  }
  const headers: Record<string, string> = { ...request.headers }
  if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body))
  const options: https.RequestOptions = { method: request.method, headers, timeout: request.timeoutMs ?? 30_000 }
  if (url.protocol === 'https:') {
    options.minVersion = 'TLSv1.2'
    if (request.caPem) options.ca = request.caPem
  }
  const client = url.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const req = client.request(url, options, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', (err) => reject(new OutboundError(err.message)))
      res.on('end', () => {
        const out: Record<string, string> = {}
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v
        resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks).toString('utf8') })
      })
    })
    req.on('timeout', () => req.destroy(new OutboundError(`${request.method} ${JSON.stringify(request.url)}: timeout awaiting response`)))
    req.on('error', (err) => reject(err instanceof OutboundError ? err : new OutboundError(`${request.method} ${JSON.stringify(request.url)}: ${err.message}`)))
    req.end(request.body)
  })
}
