/**
 * The `role/` list and `role/<name>` read/write/delete paths of an auth method
 * with named roles (JWT/OIDC, Kubernetes). The method keeps what differs (the
 * role's fields, how a write is parsed, how a role reads back); the storage
 * and path wiring are the same for all.
 */
import { definePath } from '../../framework/path.js'
import type { Handler, PathDefinition } from '../../framework/path.js'
import type { FieldSpec, FieldSpecs } from '../../framework/fields.js'
import type { Storage } from '../../core/storage.js'

export interface RoleStore<Role> {
  /** The storage folder the roles live in (`role/`). */
  prefix: string
  read(storage: Storage, name: string): Role | undefined
  remove(storage: Storage, name: string): void
}

export interface RolePathsOptions<F extends FieldSpecs & { name: FieldSpec<'string' | 'lowercaseString'> }, Role> {
  fields: F
  store: RoleStore<Role>
  /** The role as `read` answers it. */
  view(role: Role): Record<string, unknown>
  /** Create or update from the request (create and update share it, as in Vault). */
  write: Handler<F>
}

export function rolePaths<F extends FieldSpecs & { name: FieldSpec<'string' | 'lowercaseString'> }, Role>(
  options: RolePathsOptions<F, Role>,
): { roleListPath: PathDefinition; rolePath: PathDefinition } {
  const { store } = options
  const roleListPath = definePath({
    pattern: 'role/',
    operations: {
      list: ({ storage }) => ({ data: { keys: storage.list(store.prefix) } }),
    },
    synopsis: 'Lists all the roles registered with the backend.',
  })
  const rolePath = definePath<F>({
    pattern: 'role/:name',
    fields: options.fields,
    // Runs before field parsing, so it reads the raw capture.
    existenceCheck: ({ storage, raw }) => typeof raw['name'] === 'string' && store.read(storage, raw['name']) !== undefined,
    operations: {
      read: ({ storage, data }) => {
        const role = store.read(storage, String(data.name)) // coerced (JWT lower-cases role names)
        return role ? { data: options.view(role) } : undefined
      },
      create: options.write,
      update: options.write,
      delete: ({ storage, data }) => {
        store.remove(storage, String(data.name))
        return undefined
      },
    },
    synopsis: 'Register an role with the backend.',
  })
  return { roleListPath, rolePath }
}
