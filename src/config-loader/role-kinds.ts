/**
 * Which role kinds each mount type has, and the API path that creates them:
 * `{ mount: database, kind: role, name: x }` is `POST database/roles/x`.
 */
export const ROLE_KINDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  database: { role: 'roles', 'static-role': 'static-roles' },
  approle: { role: 'role' },
  kubernetes: { role: 'role' },
  jwt: { role: 'role' },
  oidc: { role: 'role' },
  userpass: { user: 'users' },
  token: { role: 'roles' },
}

/** `auth/approle` -> `auth/approle/role/<name>`; undefined for a kind the type lacks. */
export function rolePath(mount: string, mountType: string, kind: string, name: string): string | undefined {
  const segment = ROLE_KINDS[mountType]?.[kind]
  return segment === undefined ? undefined : `${trimSlashes(mount)}/${segment}/${name}`
}

export function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '')
}
