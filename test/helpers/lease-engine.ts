/**
 * A small leasing engine, installed in the built-in registry under the type
 * `lease-test` so that it survives the reloads unseal and restore do:
 * `GET dyn/creds/<role>` hands out a secret with a 1h lease and records
 * every revocation its hook runs.
 */
import { defineBackend } from '../../src/emulator/framework/backend.js'
import { definePath } from '../../src/emulator/framework/path.js'
import { field } from '../../src/emulator/framework/fields.js'
import { builtinBackends } from '../../src/emulator/builtin/registry.js'
import type { Core } from '../../src/emulator/core/core.js'

const revoked = new WeakMap<Core, string[]>()

const leaseEngine = defineBackend({
  kind: 'secret',
  create: ({ core }) => ({
    paths: [
      definePath({
        pattern: 'creds/:role',
        fields: { role: field.string({ doc: 'Role.' }) },
        operations: { read: ({ data }) => ({ data: { user: `u-${data.role}` }, secret: { type: 'creds', internal: { role: data.role }, ttl: 3600 } }) },
      }),
    ],
    secrets: {
      creds: {
        revoke: async (lease) => {
          const list = revoked.get(core) ?? []
          list.push(lease.id)
          revoked.set(core, list)
        },
      },
    },
  }),
})

/** Mount the engine at `dyn/` (stored in the mount table, so reloads keep it). */
export function mountLeaseEngine(core: Core): void {
  builtinBackends['lease-test'] = leaseEngine
  core.enableMount({ path: 'dyn/', type: 'lease-test', class: 'secret' })
}

/** Lease ids whose revoke hook ran on this core. */
export function revokedLeases(core: Core): string[] {
  return revoked.get(core) ?? []
}
