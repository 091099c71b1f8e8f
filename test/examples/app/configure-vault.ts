/**
 * What the example app's platform team configures in Vault: the database
 * secrets engine against the emulator's PostgreSQL, a `readonly` role, the
 * app's policy, and Kubernetes auth for its service account.
 */
import type { VaultEmulator } from 'vault-emu'

export const READONLY = `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";`
export const READWRITE = `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO "{{name}}";`

export const APP_POLICY = `
path "database/creds/readonly" { capabilities = ["read"] }
path "sys/leases/renew" { capabilities = ["update"] }
`

async function ok(vault: VaultEmulator, method: string, path: string, data: unknown): Promise<void> {
  const reply = await vault.request(method, path, { data })
  if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.json)}`)
}

export async function configureVault(vault: VaultEmulator): Promise<void> {
  const server = vault.postgres
  if (!server) throw new Error('the example needs the emulator started with a PostgreSQL')
  const admin = await server.connect()
  await admin.query('CREATE TABLE IF NOT EXISTS users (id serial PRIMARY KEY, name text NOT NULL)')
  await admin.query(`INSERT INTO users (name) SELECT 'user-' || g FROM generate_series(1, 3) g`)
  await admin.end()

  await ok(vault, 'POST', 'sys/mounts/database', { type: 'database' })
  await ok(vault, 'POST', 'database/config/app', {
    plugin_name: 'postgresql-database-plugin',
    connection_url: `postgresql://{{username}}:{{password}}@${server.host}:${server.port}/${server.database}?sslmode=disable`,
    username: server.user,
    password: decodeURIComponent(new URL(server.adminUrl).password),
    allowed_roles: '*',
  })
  await ok(vault, 'POST', 'database/roles/readonly', { db_name: 'app', creation_statements: READONLY, default_ttl: '1h', max_ttl: '24h' })
  await ok(vault, 'POST', 'database/roles/readwrite', { db_name: 'app', creation_statements: READWRITE, default_ttl: '1h', max_ttl: '24h' })
  await ok(vault, 'PUT', 'sys/policy/app-db', { policy: APP_POLICY })

  await ok(vault, 'POST', 'sys/auth/kubernetes', { type: 'kubernetes' })
  await ok(vault, 'POST', 'auth/kubernetes/config', { kubernetes_host: vault.kubernetes.host })
  await ok(vault, 'POST', 'auth/kubernetes/role/myapp', {
    bound_service_account_names: 'myapp-sa',
    bound_service_account_namespaces: 'production',
    policies: 'app-db',
    ttl: '1h',
  })
}
