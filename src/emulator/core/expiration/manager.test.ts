import { describe, expect, it } from 'vitest'
import { Core } from '../core.js'
import { defineBackend } from '../../framework/backend.js'
import { definePath } from '../../framework/path.js'
import { field } from '../../framework/fields.js'
import { callVault } from '../../transport/in-process.js'
import type { LeaseRecord } from '../leases.js'

interface Harness {
  core: Core
  revoked: Array<{ id: string; atMs: number }>
  renewed: Array<{ id: string; ttl: number }>
  failRevokes: { count: number }
  issue(role?: string, token?: string): Promise<{ lease_id: string; lease_duration: number; renewable: boolean }>
  call: (method: string, path: string, data?: unknown, token?: string) => ReturnType<typeof callVault>
  /** (Re)attach the test engine: it is not in the built-in registry, so a reload drops it. */
  mountDyn(): void
}

/**
 * A core with a small leasing engine at `dyn/`: `dyn/creds/<role>` hands out a
 * secret with a 1h lease (max 2h), and records every revoke and renew its hooks run.
 */
async function harness(): Promise<Harness> {
  const core = await Core.create({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' }, log: () => undefined })
  const revoked: Harness['revoked'] = []
  const renewed: Harness['renewed'] = []
  const failRevokes = { count: 0 }
  const factory = defineBackend({
    kind: 'secret',
    create: () => ({
      paths: [
        definePath({
          pattern: 'creds/:role',
          fields: { role: field.string({ doc: 'Role.' }) },
          operations: {
            read: ({ data }) => ({ data: { user: `u-${data.role}` }, secret: { type: 'creds', internal: { role: data.role }, ttl: 3600, maxTtl: 7200 } }),
          },
        }),
        definePath({
          pattern: 'fixed/:role',
          fields: { role: field.string({ doc: 'Role.' }) },
          operations: { read: () => ({ data: { user: 'fixed' }, secret: { type: 'creds', internal: {}, ttl: 600, renewable: false } }) },
        }),
      ],
      secrets: {
        creds: {
          revoke: async (lease: LeaseRecord) => {
            await new Promise((r) => setImmediate(r))
            if (failRevokes.count > 0) {
              failRevokes.count--
              throw new Error('role "u" cannot be dropped because some objects depend on it')
            }
            revoked.push({ id: lease.id, atMs: core.clock.now() })
          },
          renew: async (lease: LeaseRecord, ttl: number) => {
            renewed.push({ id: lease.id, ttl })
          },
        },
      },
    }),
  })
  const entry = { path: 'dyn/', class: 'secret' as const, type: 'dyn', description: '', accessor: 'dyn_1', uuid: 'u-dyn', local: false, seal_wrap: false, external_entropy_access: false, options: null, config: { default_lease_ttl: 0, max_lease_ttl: 0, force_no_cache: false }, plugin_version: '', running_plugin_version: '' }
  const mountDyn = (): void => core.mounts.add({ entry, backend: factory({ core, mount: entry, storage: core.storage.sub('logical/u-dyn/') }) })
  mountDyn()
  const call = (method: string, path: string, data?: unknown, token = 'root') => callVault(core, method, path, { token, ...(data === undefined ? {} : { data }) })
  const issue = async (role = 'readonly', token = 'root') => {
    const reply = await call('GET', `dyn/creds/${role}`, undefined, token)
    expect(reply.status).toBe(200)
    return reply.json as { lease_id: string; lease_duration: number; renewable: boolean }
  }
  return { core, revoked, renewed, failRevokes, issue, call, mountDyn }
}

describe('leases', () => {
  it('ids leases <request path>/<24 base62> and answers lookup', async () => {
    const h = await harness()
    const secret = await h.issue()
    expect(secret.lease_id).toMatch(/^dyn\/creds\/readonly\/[0-9A-Za-z]{24}$/)
    expect(secret.lease_duration).toBe(3600)
    expect(secret.renewable).toBe(true)
    await h.core.clock.advance('10m')
    const lookup = await h.call('PUT', 'sys/leases/lookup', { lease_id: secret.lease_id })
    expect((lookup.json as { data: unknown }).data).toEqual({
      expire_time: '2030-01-01T01:00:00Z',
      id: secret.lease_id,
      issue_time: '2030-01-01T00:00:00Z',
      last_renewal: null,
      renewable: true,
      ttl: 3000,
    })
    expect((await h.call('PUT', 'sys/leases/lookup', { lease_id: 'dyn/creds/x/nope' })).json).toEqual({ errors: ['invalid lease'] })
  })

  it('expires a lease at its own virtual instant when the clock passes it, and reports it', async () => {
    const h = await harness()
    const a = await h.issue('a')
    await h.core.clock.advance('30m')
    const b = await h.issue('b')
    const report = await h.core.clock.advance('2h')
    expect(h.revoked.map((r) => r.id)).toEqual([a.lease_id, b.lease_id])
    expect(h.revoked.map((r) => new Date(r.atMs).toISOString())).toEqual(['2030-01-01T01:00:00.000Z', '2030-01-01T01:30:00.000Z'])
    expect(report.events.filter((e) => e.kind === 'expired').map((e) => e.id)).toEqual([a.lease_id, b.lease_id])
    expect(h.core.clock.iso()).toBe('2030-01-01T02:30:00.000Z')
    expect((await h.call('PUT', 'sys/leases/lookup', { lease_id: a.lease_id })).status).toBe(400)
  })

  it('does not expire a lease early when a renewal moved its expiry', async () => {
    const h = await harness()
    const s = await h.issue()
    await h.core.clock.advance('50m')
    const renewed = await h.call('PUT', 'sys/leases/renew', { lease_id: s.lease_id, increment: '1h' })
    expect(renewed.status).toBe(200)
    expect(renewed.json).toMatchObject({ lease_id: s.lease_id, lease_duration: 3600, renewable: true, data: null })
    expect(h.renewed).toEqual([{ id: s.lease_id, ttl: 3600 }])
    await h.core.clock.advance('30m')
    expect(h.revoked).toEqual([])
    await h.core.clock.advance('31m')
    expect(h.revoked.map((r) => r.id)).toEqual([s.lease_id])
  })

  it('caps renewals at the max TTL from issue time, then refuses', async () => {
    const h = await harness()
    const s = await h.issue()
    await h.core.clock.advance('50m')
    expect((await h.call('PUT', 'sys/leases/renew', { lease_id: s.lease_id, increment: '1h' })).json).toMatchObject({ lease_duration: 3600 })
    await h.core.clock.advance('50m')
    const capped = await h.call('PUT', 'sys/leases/renew', { lease_id: s.lease_id, increment: '1h' })
    // max_ttl is 2h from issue: 20 minutes are left.
    expect(capped.json).toMatchObject({ lease_duration: 1200 })
    expect((capped.json as { warnings: string[] }).warnings[0]).toMatch(/^TTL of "1h" exceeded the effective max_ttl of "20m"; TTL value is capped accordingly$/)
    await h.core.clock.set('2030-01-01T01:59:59Z')
    await h.core.clock.advance('1s')
    expect(h.revoked).toHaveLength(1)
    expect((await h.call('PUT', 'sys/leases/renew', { lease_id: s.lease_id })).json).toEqual({ errors: ['lease not found'] })
  })

  it('refuses to renew a non-renewable lease, an unknown lease and a token', async () => {
    const h = await harness()
    const fixed = (await h.call('GET', 'dyn/fixed/x')).json as { lease_id: string; renewable: boolean }
    expect(fixed.renewable).toBe(false)
    expect((await h.call('PUT', 'sys/leases/renew', { lease_id: fixed.lease_id })).json).toEqual({ errors: ['lease is not renewable'] })
    expect((await h.call('PUT', 'sys/leases/renew', { lease_id: 'dyn/creds/a/unknown' })).json).toEqual({ errors: ['lease not found'] })
    expect((await h.call('PUT', 'sys/leases/renew', { lease_id: 'auth/token/create/habc' })).json).toEqual({ errors: ['tokens cannot be renewed through this endpoint'] })
    expect((await h.call('PUT', 'sys/leases/renew', {})).json).toEqual({ errors: ['lease_id must be specified'] })
  })

  it('revokes by whole path segments with revoke-prefix, also through the legacy sys/revoke-prefix', async () => {
    const h = await harness()
    const r1 = await h.issue('readonly')
    const r2 = await h.issue('readonly')
    const rw = await h.issue('read')
    const rp = await h.call('PUT', 'sys/leases/revoke-prefix/dyn/creds/read')
    expect(rp.status, JSON.stringify(rp.json)).toBe(204)
    expect(h.revoked.map((r) => r.id)).toEqual([rw.lease_id])
    // The Go client (and so the CLI) strips trailing slashes; Vault refuses writes to paths ending in '/'.
    expect((await h.call('PUT', 'sys/revoke-prefix/dyn/creds/readonly/')).status).toBe(400)
    expect((await h.call('PUT', 'sys/revoke-prefix/dyn/creds/readonly')).status).toBe(204)
    expect(h.revoked.map((r) => r.id).sort()).toEqual([rw.lease_id, r1.lease_id, r2.lease_id].sort())
  })

  it('lists the lease tree with LIST sys/leases/lookup/<prefix>', async () => {
    const h = await harness()
    const a = await h.issue('readonly')
    await h.issue('writer')
    expect(((await h.call('LIST', 'sys/leases/lookup/')).json as { data: { keys: string[] } }).data.keys).toEqual(['dyn/'])
    expect(((await h.call('LIST', 'sys/leases/lookup/dyn/creds')).json as { data: { keys: string[] } }).data.keys).toEqual(['readonly/', 'writer/'])
    expect(((await h.call('LIST', 'sys/leases/lookup/dyn/creds/readonly/')).json as { data: { keys: string[] } }).data.keys).toEqual([a.lease_id.split('/').pop()])
  })

  it('runs the backend revoke exactly once under any mix of concurrent revocations', async () => {
    const h = await harness()
    const s = await h.issue()
    const calls = [
      ...Array.from({ length: 20 }, () => h.call('PUT', 'sys/leases/revoke', { lease_id: s.lease_id })),
      ...Array.from({ length: 5 }, () => h.call('PUT', 'sys/leases/revoke-prefix/dyn/creds')),
      h.core.clock.advance('2h'),
      h.call('PUT', 'auth/token/revoke-self'),
    ]
    await Promise.all(calls)
    expect(h.revoked).toHaveLength(1)
  })

  it('revokes the leases a token created when the token is revoked or expires', async () => {
    const h = await harness()
    const made = (await h.call('POST', 'auth/token/create', { policies: ['root'], ttl: '10m' })).json as { auth: { client_token: string } }
    const child = made.auth.client_token
    const viaChild = await h.issue('a', child)
    const viaChild2 = await h.issue('b', child)
    await h.call('PUT', 'auth/token/revoke', { token: child })
    expect(h.revoked.map((r) => r.id).sort()).toEqual([viaChild.lease_id, viaChild2.lease_id].sort())

    const expiring = ((await h.call('POST', 'auth/token/create', { policies: ['root'], ttl: '10m' })).json as { auth: { client_token: string } }).auth.client_token
    const s = await h.issue('c', expiring)
    const report = await h.core.clock.advance('11m')
    expect(h.revoked.map((r) => r.id)).toContain(s.lease_id)
    expect(report.events.map((e) => e.kind)).toContain('token-expired')
    expect((await h.call('GET', 'auth/token/lookup-self', undefined, expiring)).status).toBe(403)
  })

  it('surfaces an explicit revoke failure and keeps the lease', async () => {
    const h = await harness()
    const s = await h.issue()
    h.failRevokes.count = 1
    const reply = await h.call('PUT', 'sys/leases/revoke', { lease_id: s.lease_id })
    expect(reply.status).toBe(500)
    expect((reply.json as { errors: string[] }).errors[0]).toContain('failed to revoke entry: role "u" cannot be dropped')
    expect((await h.call('PUT', 'sys/leases/lookup', { lease_id: s.lease_id })).status).toBe(200)
  })

  it('retries a failing expiry with backoff, then leaves the lease irrevocable and visible', async () => {
    const h = await harness()
    const s = await h.issue()
    h.failRevokes.count = 100
    const report = await h.core.clock.advance('2h')
    const kinds = report.events.map((e) => e.kind)
    expect(kinds.filter((k) => k === 'revoke-failed')).toHaveLength(5)
    expect(kinds).toContain('irrevocable')
    const lookup = (await h.call('PUT', 'sys/leases/lookup', { lease_id: s.lease_id })).json as { data: Record<string, unknown> }
    expect(lookup.data['revoke_error']).toContain('cannot be dropped')
    expect(((await h.call('GET', 'sys/leases/count', { type: 'irrevocable' })).json as { data: { lease_count: number } }).data.lease_count).toBe(1)
    // revoke-force gives up on the backend and removes the lease.
    expect((await h.call('PUT', 'sys/leases/revoke-force/dyn/creds')).status).toBe(204)
    expect((await h.call('PUT', 'sys/leases/lookup', { lease_id: s.lease_id })).status).toBe(400)
  })

  it('recovers when a retry succeeds', async () => {
    const h = await harness()
    const s = await h.issue()
    h.failRevokes.count = 2
    const report = await h.core.clock.advance('1h1m')
    expect(report.events.map((e) => e.kind)).toEqual(['revoke-failed', 'revoke-failed', 'expired'])
    expect(h.revoked.map((r) => r.id)).toEqual([s.lease_id])
  })

  it('keeps leases across a storage restore and expires the overdue ones on the next move', async () => {
    const h = await harness()
    const s = await h.issue()
    const saved = h.core.storage.dump()
    await h.core.clock.advance('10m')
    await h.call('PUT', 'sys/leases/revoke', { lease_id: s.lease_id })
    expect(h.revoked).toHaveLength(1)
    await h.core.clock.advance('2h')
    h.core.storage.load(saved)
    await h.core.reloadFromStorage()
    h.mountDyn()
    // The restored lease is back, overdue; the next clock move expires it.
    expect((await h.call('PUT', 'sys/leases/lookup', { lease_id: s.lease_id })).status).toBe(200)
    const report = await h.core.clock.advance('1s')
    expect(report.events).toEqual([{ kind: 'expired', id: s.lease_id }])
    expect(h.revoked.map((r) => r.id)).toEqual([s.lease_id, s.lease_id])
  })

  it('disabling a mount revokes its leases', async () => {
    const h = await harness()
    const s = await h.issue()
    await h.core.disableMount('dyn/')
    expect(h.revoked.map((r) => r.id)).toEqual([s.lease_id])
  })
})
