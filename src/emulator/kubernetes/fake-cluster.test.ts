import { describe, expect, it } from 'vitest'
import { decodeJwt, decodeProtectedHeader, importSPKI, jwtVerify } from 'jose'
import { Clock } from '../core/clock.js'
import { DEFAULT_ISSUER, FakeKubernetesCluster } from './fake-cluster.js'

function cluster() {
  const clock = new Clock({ mode: 'frozen', start: '2030-01-01T00:00:00Z' })
  return { clock, cluster: new FakeKubernetesCluster(clock) }
}

describe('FakeKubernetesCluster tokens', () => {
  it('signs RS256 tokens with the claims of a projected service-account token', async () => {
    const { cluster: k8s, clock } = cluster()
    const jwt = k8s.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa', pod: 'myapp-0' })
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'RS256', kid: k8s.signingKey.kid })
    const claims = decodeJwt(jwt)
    const now = clock.unix()
    expect(claims).toEqual({
      aud: [DEFAULT_ISSUER],
      exp: now + 3600,
      iat: now,
      iss: DEFAULT_ISSUER,
      jti: expect.any(String),
      'kubernetes.io': {
        namespace: 'production',
        pod: { name: 'myapp-0', uid: expect.any(String) },
        serviceaccount: { name: 'myapp-sa', uid: expect.any(String) },
      },
      nbf: now,
      sub: 'system:serviceaccount:production:myapp-sa',
    })
    // Anyone holding the published key can verify it.
    const key = await importSPKI(k8s.signingKey.publicKeyPem, 'RS256')
    await expect(jwtVerify(jwt, key, { currentDate: new Date(clock.now()) })).resolves.toBeDefined()
  })

  it('keeps one UID per service account until it is re-created', () => {
    const { cluster: k8s } = cluster()
    const uid = (jwt: string) => (decodeJwt(jwt)['kubernetes.io'] as { serviceaccount: { uid: string } }).serviceaccount.uid
    const a = uid(k8s.serviceAccountToken({ namespace: 'ns', serviceAccount: 'sa' }))
    expect(uid(k8s.serviceAccountToken({ namespace: 'ns', serviceAccount: 'sa', audiences: ['vault'], ttl: '10m' }))).toBe(a)
    const b = k8s.createServiceAccount('ns', 'sa')
    expect(b).not.toBe(a)
    expect(uid(k8s.serviceAccountToken({ namespace: 'ns', serviceAccount: 'sa' }))).toBe(b)
  })
})

describe('FakeKubernetesCluster.authenticate', () => {
  it('authenticates a valid token as its service account', async () => {
    const { cluster: k8s } = cluster()
    const jwt = k8s.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
    const result = await k8s.authenticate(jwt)
    expect(result).toMatchObject({
      authenticated: true,
      audiences: [DEFAULT_ISSUER],
      user: {
        username: 'system:serviceaccount:production:myapp-sa',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:production', 'system:authenticated'],
      },
    })
  })

  it('checks the requested audiences against the token’s', async () => {
    const { cluster: k8s } = cluster()
    const jwt = k8s.serviceAccountToken({ namespace: 'ns', serviceAccount: 'sa', audiences: ['vault'] })
    expect(await k8s.authenticate(jwt, ['vault'])).toMatchObject({ authenticated: true, audiences: ['vault'] })
    expect(await k8s.authenticate(jwt)).toEqual({
      authenticated: false,
      error: `[invalid bearer token, token audiences ["vault"] is invalid for the target audiences ["${DEFAULT_ISSUER}"]]`,
    })
  })

  it('rejects expired tokens once past go-jose’s minute of leeway, on the virtual clock', async () => {
    const { cluster: k8s, clock } = cluster()
    const jwt = k8s.serviceAccountToken({ namespace: 'ns', serviceAccount: 'sa', ttl: 600 })
    await clock.advance('10m30s')
    expect((await k8s.authenticate(jwt)).authenticated).toBe(true)
    await clock.advance('31s')
    expect(await k8s.authenticate(jwt)).toEqual({ authenticated: false, error: '[invalid bearer token, service account token has expired]' })
  })

  it('rejects tokens of deleted or re-created service accounts', async () => {
    const { cluster: k8s } = cluster()
    const jwt = k8s.serviceAccountToken({ namespace: 'ns', serviceAccount: 'sa' })
    k8s.deleteServiceAccount('ns', 'sa')
    expect(await k8s.authenticate(jwt)).toEqual({ authenticated: false, error: '[invalid bearer token, serviceaccounts "sa" not found]' })
    const uid = k8s.createServiceAccount('ns', 'sa')
    expect((await k8s.authenticate(jwt)) as { error: string }).toEqual({
      authenticated: false,
      error: expect.stringContaining(`service account UID (${uid}) does not match claim`),
    })
  })

  it('rejects a forged signature, and ignores tokens of other issuers', async () => {
    const { cluster: k8s } = cluster()
    const other = cluster().cluster
    const forged = other.serviceAccountToken({ namespace: 'ns', serviceAccount: 'sa' })
    k8s.createServiceAccount('ns', 'sa')
    expect(await k8s.authenticate(forged)).toEqual({ authenticated: false, error: '[invalid bearer token, square/go-jose: error in cryptographic primitive]' })
    const foreign = new FakeKubernetesCluster(new Clock(), { issuer: 'https://elsewhere' }).serviceAccountToken({ namespace: 'ns', serviceAccount: 'sa' })
    expect(await k8s.authenticate(foreign)).toEqual({ authenticated: false })
    expect(await k8s.authenticate('not-a-jwt')).toEqual({ authenticated: false })
  })
})
