// vault-emu/assertions: each assertion passes on the true state and, on the false one, throws a short message.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createVaultEmulator } from '../emulator/emulator.js'
import type { VaultEmulator } from '../emulator/emulator.js'
import type { EmulatorSnapshot } from '../emulator/core/snapshot/memory-snapshot.js'
import {
  VaultAssertionError,
  assertAllowed,
  assertAuditHasNoSecret,
  assertAuditRecorded,
  assertDenied,
  assertExpiresIn,
  assertPolicyGrants,
  assertRenewable,
  assertRevoked,
  assertValidToken,
} from './index.js'

const WEB = `
path "secret/data/frontend/*" { capabilities = ["read", "list"] }
path "secret/data/frontend/admin" { capabilities = ["deny"] }
path "secret/metadata/*" { capabilities = ["list"] }
`

let vault: VaultEmulator
let clean: EmulatorSnapshot

async function message(work: Promise<void>): Promise<string> {
  const err = await work.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(VaultAssertionError)
  return (err as Error).message.replace(/hvs\.[A-Za-z0-9]{4}…/g, 'hvs.XXXX…')
}

beforeAll(async () => {
  vault = await createVaultEmulator({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
  await vault.request('PUT', 'sys/policy/web-frontend', { data: { policy: WEB } })
  clean = vault.snapshot()
})
beforeEach(() => vault.restore(clean))
afterAll(() => vault?.stop())

describe('vault.token()', () => {
  it('creates a token with the policies and TTL asked for', async () => {
    const token = await vault.token({ policies: ['web-frontend'], ttl: '1h' })
    expect(token).toMatch(/^hvs\./)
    const entry = vault.core.tokens.lookup(token)
    expect(entry?.policies).toEqual(['default', 'web-frontend'])
    await assertExpiresIn(vault, token, '1h')
  })

  it('throws the API error when Vault refuses', async () => {
    await expect(vault.token({ ttl: 'soon' })).rejects.toThrow(/auth\/token\/create answered 400/)
  })
})

describe('policy assertions', () => {
  it('assertAllowed passes on a granting rule and names the rule that denied otherwise', async () => {
    const token = await vault.token({ policies: ['web-frontend'] })
    await assertAllowed(vault, token, 'read', 'secret/data/frontend/x')
    expect(await message(assertAllowed(vault, token, 'read', 'secret/data/billing/db'))).toBe(
      'expected token hvs.XXXX… to be allowed to read secret/data/billing/db, but it is denied: no rule of policies "default", "web-frontend" matches secret/data/billing/db (token policies: "default", "web-frontend")',
    )
    expect(await message(assertAllowed(vault, token, 'update', 'secret/data/frontend/x'))).toBe(
      'expected token hvs.XXXX… to be allowed to update secret/data/frontend/x, but it is denied: the most specific rule, path "secret/data/frontend/*" [list, read] from policy "web-frontend", does not grant update (token policies: "default", "web-frontend")',
    )
    expect(await message(assertAllowed(vault, token, 'read', 'secret/data/frontend/admin'))).toBe(
      'expected token hvs.XXXX… to be allowed to read secret/data/frontend/admin, but it is denied by rule path "secret/data/frontend/admin" [deny] from policy "web-frontend" (deny overrides every grant) (token policies: "default", "web-frontend")',
    )
  })

  it('assertDenied names the rule that allowed', async () => {
    const token = await vault.token({ policies: ['web-frontend'] })
    await assertDenied(vault, token, 'update', 'secret/data/frontend/x')
    expect(await message(assertDenied(vault, token, 'list', 'secret/metadata/frontend/'))).toBe(
      'expected token hvs.XXXX… to be denied list on secret/metadata/frontend/, but it is allowed by rule path "secret/metadata/*" [list] from policy "web-frontend" (token policies: "default", "web-frontend")',
    )
    expect(await message(assertDenied(vault, vault.rootToken, 'sudo', 'sys/raw/x'))).toBe(
      'expected token root to be denied sudo on sys/raw/x, but it is allowed: the root policy allows everything (token policies: "root")',
    )
  })

  it('a revoked token is allowed nothing, and the message says so', async () => {
    const token = await vault.token({ policies: ['web-frontend'] })
    await vault.request('POST', 'auth/token/revoke', { data: { token } })
    await assertDenied(vault, token, 'read', 'secret/data/frontend/x')
    expect(await message(assertAllowed(vault, token, 'read', 'secret/data/frontend/x'))).toBe(
      'expected token hvs.XXXX… to be allowed to read secret/data/frontend/x, but it is not a valid token (never issued, or revoked)',
    )
  })

  it('assertPolicyGrants checks each capability and explains the ones refused', async () => {
    await assertPolicyGrants(vault, 'web-frontend', ['read', 'list'], 'secret/data/frontend/x')
    expect(await message(assertPolicyGrants(vault, 'web-frontend', ['read', 'delete'], 'secret/data/frontend/x'))).toBe(
      'expected policy "web-frontend" to grant [read, delete] on secret/data/frontend/x, but delete: denied: the most specific rule, path "secret/data/frontend/*" [list, read] from policy "web-frontend", does not grant delete',
    )
    expect(await message(assertPolicyGrants(vault, 'web', ['read'], 'x'))).toBe(
      'expected policy "web" to grant [read] on x, but there is no policy "web" (policies: "default", "web-frontend")',
    )
  })
})

describe('token assertions', () => {
  it('valid, then expired on the virtual clock', async () => {
    const token = await vault.token({ ttl: '1h' })
    const at = new Date(vault.clock.now() + 3600_000).toISOString()
    await assertValidToken(vault, token)
    await assertRenewable(vault, token)
    expect(await message(assertRevoked(vault, token))).toBe(
      `expected token hvs.XXXX… to be revoked or expired, but it is valid: it expires in 1h (at ${at}), policies "default"`,
    )
    await vault.clock.advance('2h')
    await assertRevoked(vault, token)
    expect(await message(assertValidToken(vault, token))).toMatch(/^expected token hvs\.XXXX… to be valid, but it (expired at \S+ \(the emulator's clock reads \S+\)|is not a valid token)/)
  })

  it('assertExpiresIn reports the remaining TTL', async () => {
    const token = await vault.token({ ttl: '30m' })
    // restore() keeps the clock's time: the expiry is relative to whatever it reads now.
    const at = new Date(vault.clock.now() + 30 * 60_000).toISOString()
    expect(await message(assertExpiresIn(vault, token, '1h'))).toBe(`expected token hvs.XXXX… to expire in 1h, but it expires in 30m (at ${at})`)
    await vault.clock.advance('10s')
    await assertExpiresIn(vault, token, '30m', { within: '10s' })
  })

  it('assertRenewable says when a token was made non-renewable', async () => {
    const token = await vault.token({ ttl: '1h', renewable: false })
    expect(await message(assertRenewable(vault, token))).toBe('expected token hvs.XXXX… to be renewable, but it was created with renewable=false')
  })
})

describe('audit assertions', () => {
  it('records requests and keeps secrets HMACd', async () => {
    await vault.request('PUT', 'sys/audit/memory', { data: { type: 'memory' } })
    await vault.request('POST', 'secret/data/app', { data: { data: { password: 's3cr3t-pw' } } })
    await vault.request('GET', 'secret/data/app')
    await assertAuditRecorded(vault, { path: 'secret/data/app', operation: 'read' })
    await assertAuditHasNoSecret(vault, 's3cr3t-pw')
    expect(await message(assertAuditRecorded(vault, { path: 'secret/data/other', operation: 'read' }))).toBe(
      'expected the audit log to record read secret/data/other, but it records only: update sys/audit/memory, create secret/data/app, read secret/data/app',
    )
  })

  it('finds a secret logged in clear, and refuses to check an empty trail', async () => {
    expect(await message(assertAuditHasNoSecret(vault, 'x'))).toMatch(/^the audit log is empty: is a memory audit device enabled/)
    await vault.request('PUT', 'sys/audit/memory', { data: { type: 'memory', options: { log_raw: 'true' } } })
    await vault.request('POST', 'secret/data/app', { data: { data: { password: 's3cr3t-pw' } } })
    expect(await message(assertAuditHasNoSecret(vault, 's3cr3t-pw'))).toBe(
      'expected the audit log not to contain the secret in clear, but entry 2 of 3 (request create secret/data/app) holds it at request.data.data.password',
    )
  })
})
