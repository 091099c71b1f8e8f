/**
 * Kubernetes logins against the emulator's own fake cluster, in-process (the
 * TokenReview call reaches the cluster without a socket). The same flows over
 * real HTTP live in test/e2e/kubernetes-auth-http.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { decodeJwt } from 'jose'
import { createVaultEmulator } from '../../../emulator.js'
import type { VaultEmulator } from '../../../emulator.js'
import type { AuthBlock } from '../../../core/request.js'

interface Reply {
  status: number
  json: { auth?: AuthBlock; errors?: string[]; data?: Record<string, unknown> }
  body: unknown
}

async function setup(config: Record<string, unknown> = {}) {
  const vault = await createVaultEmulator({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
  await vault.request('POST', 'sys/auth/kubernetes', { data: { type: 'kubernetes' } })
  await vault.request('POST', 'auth/kubernetes/config', { data: { kubernetes_host: vault.kubernetes.host, ...config } })
  return vault
}

async function role(vault: VaultEmulator, name: string, data: Record<string, unknown>): Promise<void> {
  const reply = await vault.request('POST', `auth/kubernetes/role/${name}`, { data })
  expect(reply.status, JSON.stringify(reply.json)).toBeLessThan(300)
}

async function login(vault: VaultEmulator, roleName: string, jwt: string): Promise<Reply> {
  return (await vault.request('POST', 'auth/kubernetes/login', { token: '', data: { role: roleName, jwt } })) as Reply
}

const MYAPP = { bound_service_account_names: 'myapp-sa', bound_service_account_namespaces: 'production', policies: 'myapp-secrets', ttl: '1h' }

function saUid(jwt: string): string {
  return (decodeJwt(jwt)['kubernetes.io'] as { serviceaccount: { uid: string } }).serviceaccount.uid
}

describe('auth/kubernetes/login', () => {
  it('logs a service account in: policies, TTL, metadata and display name as Vault gives them', async () => {
    const vault = await setup()
    await role(vault, 'myapp', MYAPP)
    const jwt = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
    const reply = await login(vault, 'myapp', jwt)
    expect(reply.status).toBe(200)
    expect(reply.json.auth).toEqual({
      client_token: expect.stringMatching(/^hvs\./),
      accessor: expect.any(String),
      policies: ['default', 'myapp-secrets'],
      token_policies: ['default', 'myapp-secrets'],
      metadata: {
        role: 'myapp',
        service_account_name: 'myapp-sa',
        service_account_namespace: 'production',
        service_account_secret_name: '',
        service_account_uid: saUid(jwt),
      },
      lease_duration: 3600,
      renewable: true,
      entity_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      token_type: 'service',
      orphan: true,
      mfa_requirement: null,
      num_uses: 0,
    })
    const lookup = await vault.request('POST', 'auth/token/lookup', { data: { token: reply.json.auth?.client_token } })
    expect(lookup.json).toMatchObject({ data: { display_name: 'kubernetes-production-myapp-sa', path: 'auth/kubernetes/login' } })
  })

  it('lets a same-named service account in from any namespace with ["*"], and not with ["production"]', async () => {
    const vault = await setup()
    await role(vault, 'myapp', { ...MYAPP, bound_service_account_namespaces: ['*'] })
    const fromCi = vault.kubernetes.serviceAccountToken({ namespace: 'ci', serviceAccount: 'myapp-sa' })
    expect((await login(vault, 'myapp', fromCi)).status).toBe(200)
    await role(vault, 'myapp', { ...MYAPP, bound_service_account_namespaces: ['production'] })
    expect(await login(vault, 'myapp', fromCi)).toMatchObject({ status: 403, json: { errors: ['namespace not authorized'] } })
  })

  it('refuses a service account the role does not name', async () => {
    const vault = await setup()
    await role(vault, 'myapp', MYAPP)
    const other = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'other-sa' })
    expect(await login(vault, 'myapp', other)).toMatchObject({ status: 403, json: { errors: ['service account name not authorized'] } })
  })

  it('matches names and namespaces as globs', async () => {
    const vault = await setup()
    await role(vault, 'globs', { bound_service_account_names: 'myapp-*', bound_service_account_namespaces: 'prod-*', audience: vault.kubernetes.issuer })
    expect((await login(vault, 'globs', vault.kubernetes.serviceAccountToken({ namespace: 'prod-eu', serviceAccount: 'myapp-web' }))).status).toBe(200)
    expect((await login(vault, 'globs', vault.kubernetes.serviceAccountToken({ namespace: 'staging', serviceAccount: 'myapp-web' }))).status).toBe(403)
  })

  it('checks the role’s audience; a token meant for Vault needs a reviewer token to be reviewed', async () => {
    const vault = await setup()
    await role(vault, 'aud', { ...MYAPP, audience: 'vault' })
    const apiToken = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
    expect(await login(vault, 'aud', apiToken)).toMatchObject({
      status: 403,
      json: { errors: ['invalid audience (aud) claim: audience claim does not match any expected audience'] },
    })
    // As in a real cluster, a token whose audience is only "vault" cannot authenticate to the API server
    // itself, so reviewing it with itself as the bearer fails.
    const vaultToken = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa', audiences: ['vault'] })
    expect(await login(vault, 'aud', vaultToken)).toMatchObject({ status: 403, json: { errors: ['permission denied'] } })
    const reviewer = vault.kubernetes.serviceAccountToken({ namespace: 'kube-system', serviceAccount: 'vault-auth', ttl: '24h' })
    await vault.request('POST', 'auth/kubernetes/config', { data: { kubernetes_host: vault.kubernetes.host, token_reviewer_jwt: reviewer } })
    expect((await login(vault, 'aud', vaultToken)).status).toBe(200)
  })

  it('refuses an expired token once the clock passes exp plus a minute of leeway', async () => {
    const vault = await setup()
    await role(vault, 'myapp', MYAPP)
    const jwt = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa', ttl: '10m' })
    await vault.clock.advance('10m30s')
    expect((await login(vault, 'myapp', jwt)).status).toBe(200)
    await vault.clock.advance('1m')
    expect(await login(vault, 'myapp', jwt)).toMatchObject({ status: 403, json: { errors: ['invalid expiration time (exp) claim: token is expired'] } })
  })

  it('refuses a token with a bad signature: the cluster rejects it, or pem_keys does', async () => {
    const vault = await setup()
    await role(vault, 'myapp', MYAPP)
    const jwt = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
    const [head = '', payload = '', sig = ''] = jwt.split('.')
    const tampered = `${head}.${payload}.${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`
    expect(await login(vault, 'myapp', tampered)).toMatchObject({ status: 403, json: { errors: ['permission denied'] } })

    const elsewhere = await createVaultEmulator()
    const foreign = elsewhere.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
    await vault.request('POST', 'auth/kubernetes/config', { data: { kubernetes_host: vault.kubernetes.host, pem_keys: vault.kubernetes.publicKeyPem } })
    expect(await login(vault, 'myapp', foreign)).toMatchObject({ status: 403, json: { errors: ['permission denied'] } })
    expect((await login(vault, 'myapp', jwt)).status).toBe(200)
  })

  it('refuses a deleted service account, and one re-created with a new UID', async () => {
    const vault = await setup()
    await role(vault, 'myapp', MYAPP)
    const jwt = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
    vault.kubernetes.deleteServiceAccount('production', 'myapp-sa')
    expect(await login(vault, 'myapp', jwt)).toMatchObject({ status: 403, json: { errors: ['permission denied'] } })
    vault.kubernetes.createServiceAccount('production', 'myapp-sa')
    expect(await login(vault, 'myapp', jwt)).toMatchObject({ status: 403, json: { errors: ['permission denied'] } })
    const fresh = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
    expect((await login(vault, 'myapp', fresh)).status).toBe(200)
  })

  it('answers unknown roles and missing fields with 400', async () => {
    const vault = await setup()
    const jwt = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
    expect(await login(vault, 'nope', jwt)).toMatchObject({ status: 400, json: { errors: ['invalid role name "nope"'] } })
    expect(await login(vault, '', jwt)).toMatchObject({ status: 400, json: { errors: ['missing role'] } })
    expect(await login(vault, 'myapp', '')).toMatchObject({ status: 400, json: { errors: ['missing jwt'] } })
  })

  it('never shows the JWT in an error, and hashes it in the audit log', async () => {
    const vault = await setup()
    await vault.request('PUT', 'sys/audit/memory', { data: { type: 'memory' } })
    await vault.request('POST', 'sys/auth/kubernetes/tune', { data: { audit_non_hmac_request_keys: ['role', 'jwt'] } })
    await role(vault, 'myapp', MYAPP)
    const good = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
    const wrong = vault.kubernetes.serviceAccountToken({ namespace: 'ci', serviceAccount: 'x' })
    for (const [roleName, jwt] of [['nope', wrong], ['myapp', wrong], ['myapp', `${wrong.slice(0, -2)}xx`]] as const) {
      const reply = await login(vault, roleName, jwt)
      expect(reply.status).toBeGreaterThanOrEqual(400)
      expect(String(reply.body)).not.toContain(jwt.split('.')[1])
    }
    await login(vault, 'myapp', good)
    const request = vault.audit.entries().find((e) => e.type === 'request' && e.request?.path === 'auth/kubernetes/login')?.request
    expect(request?.data).toMatchObject({ role: 'nope', jwt: expect.stringMatching(/^hmac-sha256:/) })
  })

  it('admits namespaces by label selector (read with the reviewer token)', async () => {
    const reviewer = (vault: VaultEmulator) => vault.kubernetes.serviceAccountToken({ namespace: 'kube-system', serviceAccount: 'vault-auth', ttl: '24h' })
    const vault = await setup()
    await vault.request('POST', 'auth/kubernetes/config', { data: { kubernetes_host: vault.kubernetes.host, token_reviewer_jwt: reviewer(vault) } })
    vault.kubernetes.labelNamespace('team-a', { stage: 'prod' })
    vault.kubernetes.labelNamespace('team-b', { stage: 'dev' })
    await role(vault, 'sel', { bound_service_account_names: 'app', bound_service_account_namespace_selector: 'matchLabels:\n  stage: prod\n', audience: vault.kubernetes.issuer })
    expect((await login(vault, 'sel', vault.kubernetes.serviceAccountToken({ namespace: 'team-a', serviceAccount: 'app' }))).status).toBe(200)
    expect(await login(vault, 'sel', vault.kubernetes.serviceAccountToken({ namespace: 'team-b', serviceAccount: 'app' }))).toMatchObject({
      status: 403,
      json: { errors: ['namespace not authorized'] },
    })
  })

  it('names the alias after the service account with alias_name_source=serviceaccount_name', async () => {
    const vault = await setup()
    await role(vault, 'byname', { ...MYAPP, alias_name_source: 'serviceaccount_name' })
    await role(vault, 'byuid', MYAPP)
    const a = await login(vault, 'byname', vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' }))
    vault.kubernetes.createServiceAccount('production', 'myapp-sa')
    const b = await login(vault, 'byname', vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' }))
    const c = await login(vault, 'byuid', vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' }))
    vault.kubernetes.createServiceAccount('production', 'myapp-sa')
    const d = await login(vault, 'byuid', vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' }))
    // Same namespace/name: same entity across re-creations; by UID: a new entity each time.
    expect(a.json.auth?.entity_id).toBe(b.json.auth?.entity_id)
    expect(c.json.auth?.entity_id).not.toBe(d.json.auth?.entity_id)
  })

  it('refuses logins from outside token_bound_cidrs', async () => {
    const vault = await setup()
    await role(vault, 'myapp', { ...MYAPP, token_bound_cidrs: '10.0.0.0/8' })
    const jwt = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
    expect(await login(vault, 'myapp', jwt)).toMatchObject({ status: 403, json: { errors: ['permission denied'] } })
  })
})
