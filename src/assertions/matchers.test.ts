// The Vitest matchers through the vault-emu/vitest fixtures: they pass on the true state and their failure messages explain.
import { describe, expect } from 'vitest'
import { createVaultTest } from '../fixtures/vitest.js'

const WEB = `
path "secret/data/frontend/*" { capabilities = ["read", "list"] }
path "secret/data/frontend/admin" { capabilities = ["deny"] }
`

const test = createVaultTest({
  clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' },
  setup: async (vault) => {
    await vault.request('PUT', 'sys/policy/web-frontend', { data: { policy: WEB } })
  },
})

/** The message a failing matcher call rejects with, token ids masked. */
async function failure(work: Promise<void>): Promise<string> {
  const err = await work.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(Error)
  return (err as Error).message.replace(/hvs\.[A-Za-z0-9]{4}…/g, 'hvs.XXXX…')
}

describe('policy matchers', () => {
  test('toBeAllowed / toBeDenied name the deciding rule', async ({ vault }) => {
    const token = await vault.token({ policies: ['web-frontend'], ttl: '1h' })
    await expect({ vault, token }).toBeAllowed('read', 'secret/data/frontend/x')
    await expect({ vault, token }).toBeDenied('read', 'secret/data/frontend/admin')
    await expect({ vault, token }).not.toBeAllowed('update', 'secret/data/frontend/x')
    expect(await failure(expect({ vault, token }).toBeAllowed('read', 'secret/data/frontend/admin'))).toBe(
      'expected token hvs.XXXX… to be allowed to read secret/data/frontend/admin, but it is denied by rule path "secret/data/frontend/admin" [deny] from policy "web-frontend" (deny overrides every grant) (token policies: "default", "web-frontend")',
    )
    expect(await failure(expect({ vault, token }).toBeDenied('list', 'secret/data/frontend/'))).toBe(
      'expected token hvs.XXXX… to be denied list on secret/data/frontend/, but it is allowed by rule path "secret/data/frontend/*" [list, read] from policy "web-frontend" (token policies: "default", "web-frontend")',
    )
    expect(await failure(expect({ vault, token }).not.toBeAllowed('read', 'secret/data/frontend/x'))).toBe(
      'expected token hvs.XXXX… to be denied read on secret/data/frontend/x, but it is allowed by rule path "secret/data/frontend/*" [list, read] from policy "web-frontend" (token policies: "default", "web-frontend")',
    )
  })

  test('toGrant checks a policy on its own', async ({ vault }) => {
    await expect({ vault, policy: 'web-frontend' }).toGrant(['read', 'list'], 'secret/data/frontend/x')
    await expect({ vault, policy: 'web-frontend' }).not.toGrant(['update'], 'secret/data/frontend/x')
    expect(await failure(expect({ vault, policy: 'web-frontend' }).toGrant(['read'], 'secret/data/billing/db'))).toBe(
      'expected policy "web-frontend" to grant [read] on secret/data/billing/db, but read: denied: no rule of policy "web-frontend" matches secret/data/billing/db',
    )
    expect(await failure(expect({ vault, policy: 'web-frontend' }).not.toGrant(['read'], 'secret/data/frontend/x'))).toBe(
      'expected policy "web-frontend" not to grant [read] on secret/data/frontend/x, but read: allowed by rule path "secret/data/frontend/*" [list, read] from policy "web-frontend"',
    )
  })

  test('a wrong subject says what the matcher takes', async ({ vault }) => {
    const token = await vault.token()
    expect(await failure(expect(token).toBeAllowed('read', 'x'))).toBe("toBeAllowed() takes { vault, token }: await expect({ vault, token }).toBeAllowed(...)")
  })
})

describe('token matchers', () => {
  test('valid, renewable, expiring; then revoked', async ({ vault }) => {
    const token = await vault.token({ ttl: '1h' })
    await expect({ vault, token }).toBeValidToken()
    await expect({ vault, token }).toBeRenewable()
    await expect({ vault, token }).toExpireIn('1h')
    const at = new Date(vault.clock.now() + 3600_000).toISOString()
    expect(await failure(expect({ vault, token }).toExpireIn('2h'))).toBe(`expected token hvs.XXXX… to expire in 2h, but it expires in 1h (at ${at})`)
    expect(await failure(expect({ vault, token }).toBeRevoked())).toBe(
      `expected token hvs.XXXX… to be revoked or expired, but it is valid: it expires in 1h (at ${at}), policies "default"`,
    )
    await vault.request('POST', 'auth/token/revoke', { data: { token } })
    await expect({ vault, token }).toBeRevoked()
    expect(await failure(expect({ vault, token }).toBeValidToken())).toBe('expected token hvs.XXXX… to be valid, but it is not a valid token (never issued, or revoked)')
    expect(await failure(expect({ vault, token }).toBeRenewable())).toBe('expected token hvs.XXXX… to be renewable, but it is not a valid token (never issued, or revoked)')
  })

  test('expiry follows the virtual clock', async ({ vault }) => {
    const token = await vault.token({ ttl: '1h', renewable: false })
    await vault.clock.advance('61m')
    await expect({ vault, token }).toBeRevoked()
    expect(await failure(expect({ vault, token }).not.toBeRevoked())).toMatch(/^expected token hvs\.XXXX… to be valid, but it (expired at|is not a valid token)/)
  })
})

describe('audit matchers', () => {
  test('toHaveRecorded and not.toContainSecret', async ({ vault }) => {
    await vault.request('PUT', 'sys/audit/memory', { data: { type: 'memory' } })
    await vault.request('POST', 'secret/data/app', { data: { data: { password: 'hunter2-pw' } } })
    await expect(vault.audit).toHaveRecorded({ path: 'secret/data/app', operation: 'create' })
    await expect(vault.audit).not.toContainSecret('hunter2-pw')
    expect(await failure(expect(vault.audit).toHaveRecorded({ path: 'secret/data/app', operation: 'read' }))).toBe(
      'expected the audit log to record read secret/data/app, but it records only: update sys/audit/memory, create secret/data/app',
    )
    expect(await failure(expect(vault.audit).toContainSecret('hunter2-pw'))).toBe(
      "expected the audit log to contain the secret in clear, but none of its 3 entries holds it (values are HMAC'd)",
    )
  })
})

describe('the vault fixture', () => {
  // These two run in order in one worker: the second finds nothing the first left.
  test('a test writes a secret, a token and a policy', async ({ vault }) => {
    await vault.request('POST', 'secret/data/leak', { data: { data: { a: 1 } } })
    await vault.request('PUT', 'sys/policy/leak', { data: { policy: 'path "x" { capabilities = ["read"] }' } })
    expect((await vault.request('GET', 'secret/data/leak')).status).toBe(200)
  })

  test('the next test starts from the state after setup', async ({ vault }) => {
    expect((await vault.request('GET', 'secret/data/leak')).status).toBe(404)
    expect((await vault.request('GET', 'sys/policy/leak')).status).toBe(404)
    expect((await vault.request('GET', 'sys/policy/web-frontend')).status).toBe(200)
    expect(vault.addr).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })
})
