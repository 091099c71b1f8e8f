// Type test of the vault-emu matchers' augmentation of Vitest's `expect` (checked by `tsc`, `npm run typecheck`).
import { expect, expectTypeOf } from 'vitest'
import type { VaultEmulator } from '../../src/emulator/emulator.js'
import '../../src/assertions/setup.js'
import { vaultTest } from '../../src/fixtures/vitest.js'
import type { AuditAccess } from '../../src/emulator/core/audit/audit-access.js'

declare const vault: VaultEmulator
declare const token: string
declare const creds: { data: { username: string; password: string } }
declare const audit: AuditAccess

export async function typed(): Promise<void> {
  expectTypeOf(expect({ vault, token }).toBeAllowed('read', 'secret/data/x')).toEqualTypeOf<Promise<void>>()
  await expect({ vault, token }).toBeDenied('update', 'secret/data/x')
  await expect({ vault, token }).not.toBeAllowed('sudo', 'sys/raw/x')
  await expect({ vault, policy: 'web' }).toGrant(['read', 'list'], 'secret/data/x')
  await expect({ vault, token }).toBeValidToken()
  await expect({ vault, token }).toBeRevoked()
  await expect({ vault, token }).toExpireIn('1h', { within: '5s' })
  await expect({ vault, token }).toBeRenewable()
  await expect({ vault, creds }).toLogInToPostgres()
  await expect({ vault, creds }).toHavePrivilege('SELECT', 'users')
  await expect(audit).toHaveRecorded({ path: 'secret/data/x', operation: 'read' })
  await expect(audit).not.toContainSecret('s3cr3t')
  expectTypeOf(vault.token).parameter(0).toEqualTypeOf<{ policies?: string[]; ttl?: string | number; renewable?: boolean } | undefined>()
  expectTypeOf(vault.token()).resolves.toBeString()

  // @ts-expect-error: not an operation Vault knows
  await expect({ vault, token }).toBeAllowed('write', 'secret/data/x')
  // @ts-expect-error: capabilities are a list
  await expect({ vault, policy: 'web' }).toGrant('read', 'secret/data/x')
  // @ts-expect-error: a path is required
  await expect({ vault, token }).toBeAllowed('read')
}

vaultTest('fixtures are typed', async ({ vault: v, pg }) => {
  expectTypeOf(v).toEqualTypeOf<VaultEmulator>()
  expectTypeOf(pg.query).toBeFunction()
})
