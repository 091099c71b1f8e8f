/**
 * The lesson's Kubernetes auth (Part 5) and the Vault Agent's login and
 * renewal (Part 8), over real HTTP: node-vault logs in with kubernetesLogin,
 * and the emulator's kubernetes auth method asks the fake cluster's TokenReview
 * API at `<vault.addr>/_emu/k8s` with a real HTTP request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type nodeVault from 'node-vault'
import type { VaultEmulator } from 'vault-emu'
import { failure, startWithNodeVault } from '../helpers/node-vault.js'
import type { NodeVaultSetup } from '../helpers/node-vault.js'

let vault: VaultEmulator
let root: nodeVault.client
/**
 * A new client: node-vault's login helpers switch the client to the new token, so one per login.
 * Its kubernetesLogin needs `mount_point`: without it node-vault 0.12 posts to `auth//login`.
 */
let client: NodeVaultSetup['client']

beforeAll(async () => {
  ;({ vault, root, client } = await startWithNodeVault())
  // vault auth enable kubernetes
  await root.enableAuth({ mount_point: 'kubernetes', type: 'kubernetes' })
  // vault write auth/kubernetes/config kubernetes_host=...
  await root.write('auth/kubernetes/config', { kubernetes_host: vault.kubernetes.host })
  // vault write auth/kubernetes/role/myapp bound_service_account_names=myapp-sa bound_service_account_namespaces=production policies=myapp-secrets ttl=1h
  await root.write('auth/kubernetes/role/myapp', {
    bound_service_account_names: 'myapp-sa',
    bound_service_account_namespaces: 'production',
    policies: 'myapp-secrets',
    ttl: '1h',
  })
  await root.write('sys/policies/acl/myapp-secrets', {
    policy: 'path "secret/data/myapp/*" { capabilities = ["read", "list"] }\npath "auth/token/renew-self" { capabilities = ["update"] }',
  })
  await root.write('secret/data/myapp/database', { data: { username: 'dbadmin', password: 's3cur3_p@ss' } })
})

afterAll(async () => {
  await vault.stop()
})

describe('Part 5: Kubernetes auth', () => {
  it('serves the fake cluster under <addr>/_emu/k8s', () => {
    expect(vault.kubernetes.host).toBe(`${vault.addr}/_emu/k8s`)
  })

  it('logs myapp-sa from production in with myapp-secrets for 1h, and the token reads the app’s secrets', async () => {
    const jwt = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
    const app = client()
    const login = await app.kubernetesLogin({ mount_point: 'kubernetes', role: 'myapp', jwt })
    expect(login.auth).toMatchObject({
      policies: ['default', 'myapp-secrets'],
      token_policies: ['default', 'myapp-secrets'],
      lease_duration: 3600,
      renewable: true,
      orphan: true,
      token_type: 'service',
      metadata: {
        role: 'myapp',
        service_account_name: 'myapp-sa',
        service_account_namespace: 'production',
        service_account_secret_name: '',
        service_account_uid: expect.any(String),
      },
    })
    expect(app.token).toBe(login.auth.client_token)
    const self = await root.write('auth/token/lookup', { token: login.auth.client_token })
    expect(self.data).toMatchObject({ display_name: 'kubernetes-production-myapp-sa', policies: ['default', 'myapp-secrets'], ttl: 3600 })
    expect((await app.read('secret/data/myapp/database')).data.data.password).toBe('s3cur3_p@ss')
  })

  it('shows the lesson’s gotcha: ["*"] lets myapp-sa from ci in, ["production"] does not', async () => {
    const fromCi = vault.kubernetes.serviceAccountToken({ namespace: 'ci', serviceAccount: 'myapp-sa' })
    await root.write('auth/kubernetes/role/loose', { bound_service_account_names: 'myapp-sa', bound_service_account_namespaces: ['*'], policies: 'myapp-secrets' })
    expect((await client().kubernetesLogin({ mount_point: 'kubernetes', role: 'loose', jwt: fromCi })).auth.policies).toContain('myapp-secrets')
    expect(await failure(client().kubernetesLogin({ mount_point: 'kubernetes', role: 'myapp', jwt: fromCi }))).toMatchObject({ statusCode: 403, body: { errors: ['namespace not authorized'] } })
  })

  it('refuses a wrong service account, a wrong audience and an unknown role', async () => {
    const other = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'other-sa' })
    expect(await failure(client().kubernetesLogin({ mount_point: 'kubernetes', role: 'myapp', jwt: other }))).toMatchObject({ statusCode: 403, body: { errors: ['service account name not authorized'] } })
    await root.write('auth/kubernetes/role/aud', { bound_service_account_names: 'myapp-sa', bound_service_account_namespaces: 'production', audience: 'vault' })
    const apiAudience = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
    expect(await failure(client().kubernetesLogin({ mount_point: 'kubernetes', role: 'aud', jwt: apiAudience }))).toMatchObject({
      statusCode: 403,
      body: { errors: ['invalid audience (aud) claim: audience claim does not match any expected audience'] },
    })
    expect(await failure(client().kubernetesLogin({ mount_point: 'kubernetes', role: 'nope', jwt: apiAudience }))).toMatchObject({ statusCode: 400, body: { errors: ['invalid role name "nope"'] } })
  })

  it('refuses an expired token after the clock moves past it', async () => {
    const jwt = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa', ttl: '10m' })
    await vault.clock.advance('12m')
    expect(await failure(client().kubernetesLogin({ mount_point: 'kubernetes', role: 'myapp', jwt }))).toMatchObject({
      statusCode: 403,
      body: { errors: ['invalid expiration time (exp) claim: token is expired'] },
    })
  })

  it('refuses a bad signature and a deleted service account with permission denied', async () => {
    const jwt = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'deleted-sa' })
    await root.write('auth/kubernetes/role/deleted', { bound_service_account_names: 'deleted-sa', bound_service_account_namespaces: 'production' })
    const [head, payload] = jwt.split('.')
    const forged = `${head}.${payload}.${Buffer.from('not the signature').toString('base64url')}`
    expect(await failure(client().kubernetesLogin({ mount_point: 'kubernetes', role: 'deleted', jwt: forged }))).toMatchObject({ statusCode: 403, body: { errors: ['permission denied'] } })
    expect((await client().kubernetesLogin({ mount_point: 'kubernetes', role: 'deleted', jwt })).auth.client_token).toBeTruthy()
    vault.kubernetes.deleteServiceAccount('production', 'deleted-sa')
    expect(await failure(client().kubernetesLogin({ mount_point: 'kubernetes', role: 'deleted', jwt }))).toMatchObject({ statusCode: 403, body: { errors: ['permission denied'] } })
  })

  it('answers a TokenReview sent straight to the fake cluster, as kube-apiserver does', async () => {
    const reviewer = vault.kubernetes.serviceAccountToken({ namespace: 'kube-system', serviceAccount: 'vault-auth' })
    const jwt = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
    const reply = await fetch(`${vault.kubernetes.host}/apis/authentication.k8s.io/v1/tokenreviews`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reviewer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ spec: { token: jwt } }),
    })
    expect(reply.status).toBe(201)
    expect(await reply.json()).toMatchObject({ status: { authenticated: true, user: { username: 'system:serviceaccount:production:myapp-sa' } } })
    const anonymous = await fetch(`${vault.kubernetes.host}/apis/authentication.k8s.io/v1/tokenreviews`, { method: 'POST', body: '{}' })
    expect(anonymous.status).toBe(403)
    // The Vault root token is no Kubernetes credential.
    const withRoot = await fetch(`${vault.kubernetes.host}/api/v1/namespaces/production`, { headers: { authorization: `Bearer ${vault.rootToken}` } })
    expect(withRoot.status).toBe(401)
  })
})

describe('Part 8: Vault Agent auto-auth', () => {
  it('logs in with the pod’s token, renews with renew-self, and stops renewing once the role is gone', async () => {
    await root.write('auth/kubernetes/role/agent', { bound_service_account_names: 'myapp-sa', bound_service_account_namespaces: 'production', policies: 'myapp-secrets', ttl: '1h' })
    const agent = client()
    const jwt = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
    await agent.kubernetesLogin({ mount_point: 'kubernetes', role: 'agent', jwt })
    await vault.clock.advance('40m')
    const renewed = await agent.tokenRenewSelf({ increment: '1h' })
    expect(renewed.auth.lease_duration).toBe(3600)
    await root.delete('auth/kubernetes/role/agent')
    const refused = await failure(agent.tokenRenewSelf({ increment: '1h' }))
    expect(refused.statusCode).toBe(500)
    expect(refused.body.errors[0]).toContain('role agent does not exist during renewal')
  })
})
