/**
 * kubernetes_host pointing at a cluster that is not the emulator's: a small
 * stand-alone HTTPS TokenReview server, with its own CA, checks what Vault
 * sends (URL, headers, exact body) and answers as kube-apiserver would.
 */
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { generateKeyPairSync, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SignJWT } from 'jose'
import { createVaultEmulator } from '../../../emulator.js'
import type { VaultEmulator } from '../../../emulator.js'
import { createTestTls } from '../../../../../test/helpers/test-tls.js'
import type { TestTls } from '../../../../../test/helpers/test-tls.js'

interface Seen {
  method: string
  url: string
  headers: Record<string, string | string[] | undefined>
  body: string
}

type Answer = (review: { spec: { token: string; audiences?: string[] } }) => { status: number; body: unknown }

let tls: TestTls
let server: https.Server
let host: string
let seen: Seen[] = []
let answer: Answer
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
const UID = randomUUID()

function accept(username = 'system:serviceaccount:production:myapp-sa', uid = UID): Answer {
  return (review) => ({
    status: 201,
    body: {
      kind: 'TokenReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: review.spec,
      status: { authenticated: true, user: { username, uid, groups: ['system:serviceaccounts'] }, audiences: review.spec.audiences ?? ['https://kubernetes.default.svc'] },
    },
  })
}

async function serviceAccountJwt(audiences: string[]): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({
    'kubernetes.io': { namespace: 'production', serviceaccount: { name: 'myapp-sa', uid: UID } },
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer('https://kubernetes.default.svc')
    .setSubject('system:serviceaccount:production:myapp-sa')
    .setAudience(audiences)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 3600)
    .sign(privateKey)
}

beforeAll(async () => {
  tls = createTestTls()
  server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      const out = answer(JSON.parse(body) as Parameters<Answer>[0])
      res.writeHead(out.status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(out.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  host = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

let vault: VaultEmulator

beforeEach(async () => {
  seen = []
  answer = accept()
  vault = await createVaultEmulator()
  await vault.request('POST', 'sys/auth/kubernetes', { data: { type: 'kubernetes' } })
  await vault.request('POST', 'auth/kubernetes/config', { data: { kubernetes_host: host, kubernetes_ca_cert: tls.caPem, token_reviewer_jwt: 'reviewer-token' } })
  await vault.request('POST', 'auth/kubernetes/role/myapp', { data: { bound_service_account_names: 'myapp-sa', bound_service_account_namespaces: 'production', audience: 'vault' } })
})

const login = (jwt: string, role = 'myapp') => vault.request('POST', 'auth/kubernetes/login', { token: '', data: { role, jwt } })

describe('kubernetes auth against a real (stand-alone) API server', () => {
  it('POSTs the TokenReview Vault sends, over TLS verified with kubernetes_ca_cert', async () => {
    const jwt = await serviceAccountJwt(['vault'])
    const reply = await login(jwt)
    expect(reply.status).toBe(200)
    expect(reply.json).toMatchObject({ auth: { metadata: { service_account_uid: UID, service_account_namespace: 'production' } } })
    expect(seen).toHaveLength(1)
    const request = seen[0] as Seen
    expect(request.method).toBe('POST')
    expect(request.url).toBe('/apis/authentication.k8s.io/v1/tokenreviews')
    expect(request.headers).toMatchObject({ authorization: 'Bearer reviewer-token', 'content-type': 'application/json', accept: 'application/json' })
    expect(request.body).toBe(`{"metadata":{"creationTimestamp":null},"spec":{"token":"${jwt}","audiences":["vault"]},"status":{"user":{}}}`)
  })

  it('asks about the token’s own audiences when the role has none, with the login JWT as bearer when no reviewer is set', async () => {
    await vault.request('POST', 'auth/kubernetes/config', { data: { kubernetes_host: `${host}/`, kubernetes_ca_cert: tls.caPem } })
    await vault.request('POST', 'auth/kubernetes/role/any', { data: { bound_service_account_names: '*', bound_service_account_namespaces: '*' } })
    const jwt = await serviceAccountJwt(['https://kubernetes.default.svc'])
    expect((await login(jwt, 'any')).status).toBe(200)
    const request = seen[0] as Seen
    expect(request.headers['authorization']).toBe(`Bearer ${jwt}`)
    expect(JSON.parse(request.body)).toEqual({ metadata: { creationTimestamp: null }, spec: { token: jwt, audiences: ['https://kubernetes.default.svc'] }, status: { user: {} } })
  })

  it.each<[string, Answer]>([
    ['a 401 (service account deleted)', () => ({ status: 401, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 } })],
    ['a review with an error', (r) => ({ status: 201, body: { spec: r.spec, status: { user: {}, error: '[invalid bearer token, service account token has expired]' } } })],
    ['an unauthenticated review', (r) => ({ status: 201, body: { spec: r.spec, status: { user: {} } } })],
    ['another user', accept('system:serviceaccount:production:other-sa')],
    ['another UID', accept(undefined, randomUUID())],
    ['a user that is not a service account', accept('kubernetes-admin')],
    ['audiences that do not intersect', (r) => ({ status: 201, body: { spec: r.spec, status: { authenticated: true, user: { username: 'system:serviceaccount:production:myapp-sa', uid: UID }, audiences: ['other'] } } })],
  ])('denies the login when the API server answers %s', async (_name, reply) => {
    answer = reply
    expect(await login(await serviceAccountJwt(['vault']))).toMatchObject({ status: 403, json: { errors: ['permission denied'] } })
  })

  it('denies the login when the server’s certificate does not chain to kubernetes_ca_cert', async () => {
    const otherCa = createTestTls().caPem
    await vault.request('POST', 'auth/kubernetes/config', { data: { kubernetes_host: host, kubernetes_ca_cert: otherCa, token_reviewer_jwt: 'reviewer-token' } })
    expect(await login(await serviceAccountJwt(['vault']))).toMatchObject({ status: 403, json: { errors: ['permission denied'] } })
    await vault.request('POST', 'auth/kubernetes/config', { data: { kubernetes_host: host, token_reviewer_jwt: 'reviewer-token' } })
    expect(await login(await serviceAccountJwt(['vault']))).toMatchObject({ status: 403, json: { errors: ['permission denied'] } })
    expect(seen).toHaveLength(0)
  })
})
