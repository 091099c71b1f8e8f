// Static roles: an existing user whose password the emulator takes over and rotates on the virtual clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLOCK_START, connectionConfig, createVaultAdmin, startDatabase, startEmulator } from './test-harness.js'
import type { Database, Emulator } from './test-harness.js'

interface StaticCreds {
  data: { username: string; password: string; ttl: number; rotation_period: number; last_vault_rotation: string }
  lease_id: string
  lease_duration: number
}

let db: Database
let vault: Emulator

beforeAll(async () => {
  db = await startDatabase()
  await createVaultAdmin(db, 'vault_admin', 'static-admin-pw')
  // The application's long-lived user; the admin may manage it.
  await db.admin.query(`CREATE ROLE app_static WITH LOGIN PASSWORD 'initial-pw'; GRANT app_static TO vault_admin WITH ADMIN OPTION;`)
  vault = await startEmulator()
  await vault.ok('POST', 'sys/mounts/database', { type: 'database' })
  await vault.ok('POST', 'database/config/app', connectionConfig(db, 'vault_admin', 'static-admin-pw', { allowed_roles: 'app-*' }))
})

afterAll(async () => {
  await vault?.core.stop()
  expect(await db.dynamicUsers()).toEqual([])
  expect(await db.vaultSessions({ settle: true })).toBe(0)
  await db?.stop()
})

describe('static roles', () => {
  it('creating a static role rotates the password at once; static-creds reads it without a lease', async () => {
    expect(await db.canLogin('app_static', 'initial-pw')).toBe(true)
    expect((await vault.call('POST', 'database/static-roles/app-static', { db_name: 'app', username: 'app_static', rotation_period: '1h' })).status).toBe(204)
    expect(await db.canLogin('app_static', 'initial-pw')).toBe(false)

    const creds = await vault.ok<StaticCreds>('GET', 'database/static-creds/app-static')
    expect(creds.lease_id).toBe('')
    expect(creds.lease_duration).toBe(0)
    expect(creds.data).toMatchObject({ username: 'app_static', ttl: 3600, rotation_period: 3600, last_vault_rotation: '2030-01-01T00:00:00Z' })
    expect(await db.canLogin('app_static', creds.data.password)).toBe(true)

    const role = await vault.ok<{ data: unknown }>('GET', 'database/static-roles/app-static')
    expect(role.data).toEqual({
      credential_type: 'password',
      db_name: 'app',
      last_vault_rotation: '2030-01-01T00:00:00Z',
      rotation_period: 3600,
      rotation_statements: [],
      username: 'app_static',
    })
    expect((await vault.ok<{ data: { keys: string[] } }>('LIST', 'database/static-roles')).data.keys).toEqual(['app-static'])
    expect(JSON.stringify(role)).not.toContain(creds.data.password)
  })

  it('rotates when the period passes on the virtual clock, and on rotate-role', async () => {
    const before = await vault.ok<StaticCreds>('GET', 'database/static-creds/app-static')
    await vault.core.clock.advance('59m')
    expect((await vault.ok<StaticCreds>('GET', 'database/static-creds/app-static')).data.ttl).toBe(60)
    const report = await vault.core.clock.advance('1m')
    expect(report.events).toContainEqual({ kind: 'static-rotated', id: 'database/static-roles/app-static' })
    const after = await vault.ok<StaticCreds>('GET', 'database/static-creds/app-static')
    expect(after.data.password).not.toBe(before.data.password)
    expect(after.data).toMatchObject({ ttl: 3600, last_vault_rotation: '2030-01-01T01:00:00Z' })
    expect(await db.canLogin('app_static', before.data.password)).toBe(false)
    expect(await db.canLogin('app_static', after.data.password)).toBe(true)

    // Three periods in one move: three rotations, each at its own instant.
    const three = await vault.core.clock.advance('3h')
    expect(three.events.filter((e) => e.kind === 'static-rotated')).toHaveLength(3)

    await vault.core.clock.advance('10m')
    expect((await vault.call('POST', 'database/rotate-role/app-static')).status).toBe(204)
    const manual = await vault.ok<StaticCreds>('GET', 'database/static-creds/app-static')
    expect(manual.data).toMatchObject({ ttl: 3600, last_vault_rotation: '2030-01-01T04:10:00Z' })
    expect(await db.canLogin('app_static', manual.data.password)).toBe(true)
    expect((await vault.call('POST', 'database/rotate-role/nope')).json).toEqual({ errors: ['no static role found for role name'] })
  })

  it('keeps rotating after the storage is reloaded', async () => {
    const before = await vault.ok<StaticCreds>('GET', 'database/static-creds/app-static')
    await vault.core.reloadFromStorage()
    const report = await vault.core.clock.advance('1h')
    expect(report.events).toContainEqual({ kind: 'static-rotated', id: 'database/static-roles/app-static' })
    const after = await vault.ok<StaticCreds>('GET', 'database/static-creds/app-static')
    expect(after.data.password).not.toBe(before.data.password)
    expect(await db.canLogin('app_static', after.data.password)).toBe(true)
  })

  it('refuses what Vault refuses', async () => {
    expect((await vault.call('POST', 'database/static-roles/app-fast', { db_name: 'app', username: 'app_static', rotation_period: '2s' })).json).toEqual({
      errors: ['rotation_period must be 5 seconds or more'],
    })
    expect((await vault.call('POST', 'database/static-roles/app-x', { db_name: 'app', rotation_period: '1h' })).json).toEqual({
      errors: ['username is a required field to create a static account'],
    })
    expect((await vault.call('POST', 'database/static-roles/app-x', { db_name: 'app', username: 'app_static' })).json).toEqual({
      errors: ['rotation_period is required to create static accounts'],
    })
    expect((await vault.call('POST', 'database/static-roles/app-static', { username: 'someone_else' })).json).toEqual({ errors: ['cannot update static account username'] })
    expect((await vault.call('POST', 'database/roles/app-static', { db_name: 'app' })).json).toEqual({ errors: ['Role and Static Role names must be unique'] })
    expect((await vault.call('POST', 'database/static-roles/other', { db_name: 'app', username: 'app_static', rotation_period: '1h' })).json).toEqual({
      errors: ['1 error occurred:\n\t* "other" is not an allowed role\n\n'],
    })
    // A user the admin may not manage: the rotation statement fails and nothing is stored.
    const denied = await vault.call('POST', 'database/static-roles/app-su', { db_name: 'app', username: 'postgres', rotation_period: '1h' })
    expect(denied.status).toBe(500)
    expect((denied.json as { errors: string[] }).errors[0]).toMatch(/^1 error occurred:\n\t\* error setting credentials: failed to execute query: ERROR: permission denied to alter role \(SQLSTATE 42501\)/)
    expect((await vault.call('GET', 'database/static-roles/app-su')).status).toBe(404)
    expect((await vault.call('GET', 'database/static-creds/nope')).json).toEqual({ errors: ['unknown role: nope'] })
  })

  it('deleting a static role stops its rotation and leaves the user as it is', async () => {
    const last = await vault.ok<StaticCreds>('GET', 'database/static-creds/app-static')
    expect((await vault.call('DELETE', 'database/static-roles/app-static')).status).toBe(204)
    const report = await vault.core.clock.advance('5h')
    expect(report.events.filter((e) => e.kind === 'static-rotated')).toEqual([])
    expect(await db.canLogin('app_static', last.data.password)).toBe(true)
    expect(new Date(CLOCK_START).getTime()).toBeLessThan(vault.core.clock.now())
  })
})
