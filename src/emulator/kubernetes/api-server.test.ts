import { describe, expect, it } from 'vitest'
import { Clock } from '../core/clock.js'
import { FakeKubernetesCluster } from './fake-cluster.js'
import { serveKubernetesApi } from './api-server.js'

const REVIEWS = '/apis/authentication.k8s.io/v1/tokenreviews'

function setup() {
  const k8s = new FakeKubernetesCluster(new Clock({ mode: 'frozen', start: '2030-01-01T00:00:00Z' }))
  const reviewer = k8s.serviceAccountToken({ namespace: 'kube-system', serviceAccount: 'vault-reviewer' })
  const call = async (method: string, path: string, bearer: string | undefined, body?: unknown) => {
    const reply = await serveKubernetesApi(k8s, {
      method,
      path,
      headers: bearer === undefined ? {} : { authorization: `Bearer ${bearer}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: reply.status, body: JSON.parse(reply.body) as Record<string, unknown> }
  }
  return { k8s, reviewer, call }
}

describe('fake cluster TokenReview API', () => {
  it('answers 201 with the reviewed user', async () => {
    const { k8s, reviewer, call } = setup()
    const jwt = k8s.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa', audiences: ['vault'] })
    const reply = await call('POST', REVIEWS, reviewer, { metadata: { creationTimestamp: null }, spec: { token: jwt, audiences: ['vault'] }, status: { user: {} } })
    expect(reply.status).toBe(201)
    expect(reply.body).toMatchObject({
      kind: 'TokenReview',
      apiVersion: 'authentication.k8s.io/v1',
      spec: { token: jwt, audiences: ['vault'] },
      status: { authenticated: true, audiences: ['vault'], user: { username: 'system:serviceaccount:production:myapp-sa' } },
    })
  })

  it('reports an invalid token in status.error, still 201', async () => {
    const { k8s, reviewer, call } = setup()
    const jwt = k8s.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
    k8s.deleteServiceAccount('production', 'myapp-sa')
    const reply = await call('POST', REVIEWS, reviewer, { spec: { token: jwt } })
    expect(reply).toEqual({
      status: 201,
      body: {
        kind: 'TokenReview',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { creationTimestamp: null },
        spec: { token: jwt },
        status: { user: {}, error: '[invalid bearer token, serviceaccounts "myapp-sa" not found]' },
      },
    })
  })

  it('authenticates its caller: 401 for an invalid bearer, 403 for none', async () => {
    const { k8s, call } = setup()
    const jwt = k8s.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
    expect(await call('POST', REVIEWS, 'garbage', { spec: { token: jwt } })).toEqual({
      status: 401,
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 },
    })
    const anonymous = await call('POST', REVIEWS, undefined, { spec: { token: jwt } })
    expect(anonymous.status).toBe(403)
    expect(anonymous.body['reason']).toBe('Forbidden')
    // A token may review itself (Vault does that when no token_reviewer_jwt is configured).
    expect((await call('POST', REVIEWS, jwt, { spec: { token: jwt } })).body).toMatchObject({ status: { authenticated: true } })
  })

  it('rejects a review without a token, and unknown paths', async () => {
    const { reviewer, call } = setup()
    expect(await call('POST', REVIEWS, reviewer, { spec: {} })).toMatchObject({ status: 400, body: { message: 'token is required for TokenReview in authentication' } })
    expect(await call('GET', REVIEWS, reviewer)).toMatchObject({ status: 405 })
    expect(await call('GET', '/api/v1/pods', reviewer)).toMatchObject({ status: 404, body: { reason: 'NotFound' } })
  })

  it('serves namespaces with their labels', async () => {
    const { k8s, reviewer, call } = setup()
    k8s.labelNamespace('production', { stage: 'prod' })
    expect(await call('GET', '/api/v1/namespaces/production', reviewer)).toMatchObject({
      status: 200,
      body: { kind: 'Namespace', metadata: { name: 'production', labels: { stage: 'prod', 'kubernetes.io/metadata.name': 'production' } } },
    })
    expect(await call('GET', '/api/v1/namespaces/nope', reviewer)).toMatchObject({ status: 404, body: { message: 'namespaces "nope" not found' } })
  })
})
