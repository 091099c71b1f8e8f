/**
 * The lesson (Parts 3 to 12) typed at the vault-style CLI, in order, against an emulator that
 * starts uninitialised with the Shamir seal and a real PostgreSQL that checks passwords.
 * Every printed result the lesson shows is checked, and the dynamic credentials are tried
 * against PostgreSQL: they log in while leased and stop logging in once revoked.
 * Not here: Part 5's OIDC login (a browser flow), Parts 8 and 9 (Vault Agent and the Kubernetes
 * injectors are not `vault` commands; the agent has its own tests).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startVaultEmulator, type VaultEmulator } from 'vault-emu'
import { vaultCli, type VaultCliRun } from '../helpers/vault-cli.js'

/** The lesson's Part 6 policy file (myapp-policy.hcl), as the repository's GitOps config keeps it. */
const MYAPP_POLICY_FILE = fileURLToPath(new URL('../../policies/myapp-secrets.hcl', import.meta.url))
/** Exercise 2's answer, kept in the same folder. */
const WEB_FRONTEND_POLICY_FILE = fileURLToPath(new URL('../../policies/web-frontend.hcl', import.meta.url))

const CREATE_READONLY = `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";`
const CREATE_READWRITE = `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{{name}}";`
/**
 * The lesson's revocation_statements is `DROP ROLE IF EXISTS "{{name}}";`, which real PostgreSQL
 * refuses while the role still holds its SELECT grant ("cannot be dropped because some objects
 * depend on it"): Vault would retry and finally leave the lease irrevocable with the user alive.
 * The walk-through therefore revokes the grants first, as the emulator's hint advises.
 */
const REVOKE = `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{{name}}"; DROP ROLE IF EXISTS "{{name}}";`

let vault: VaultEmulator
let dir: string
let env: Record<string, string>
let home: string

/** One `vault ...` command line, with the token of the moment. */
async function vaultCmd(...argv: string[]): Promise<VaultCliRun> {
  return vaultCli(env, home).run(...argv)
}

/** A command that must succeed; returns its stdout. */
async function ok(...argv: string[]): Promise<string> {
  const r = await vaultCmd(...argv)
  expect(r.stderr, `vault ${argv.join(' ')}`).toBe('')
  expect(r.code, `vault ${argv.join(' ')}`).toBe(0)
  return r.stdout
}

/** The value column of a Key/Value table row. */
function cell(table: string, key: string): string {
  const row = table.split('\n').find((line) => line.startsWith(`${key} `))
  expect(row, `row ${key} in\n${table}`).toBeDefined()
  return (row as string).slice(key.length).trim()
}

async function logsIn(user: string, password: string): Promise<boolean> {
  try {
    const client = await (vault.postgres as NonNullable<VaultEmulator['postgres']>).connectAs(user, password)
    await client.end()
    return true
  } catch {
    return false
  }
}

/**
 * `vault lease revoke` queues the revocation (the CLI sends sync=false and prints
 * "queued"), so the role goes away just after the command returns: poll PostgreSQL.
 */
async function refusedSoon(user: string, password: string): Promise<boolean> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (!(await logsIn(user, password))) return true
    await new Promise((resolve) => setImmediate(resolve))
  }
  return false
}

beforeAll(async () => {
  vault = await startVaultEmulator({ port: 0, seal: 'shamir', postgres: 'embedded' })
  dir = mkdtempSync(join(tmpdir(), 'vault-lesson-'))
  home = mkdtempSync(join(tmpdir(), 'vault-lesson-home-'))
  env = { VAULT_ADDR: vault.addr }
}, 60_000)

afterAll(async () => {
  await vault?.stop()
  for (const folder of [dir, home]) if (folder) rmSync(folder, { recursive: true, force: true })
})

describe('the lesson, Parts 3 to 12, through the vault CLI', () => {
  let unsealKeys: string[] = []
  let rootToken = ''
  let appToken = ''
  let lease = ''
  let creds = { username: '', password: '' }

  it('Part 3: init with 5 shares, unseal with 3, status', async () => {
    const init = await ok('operator', 'init', '-key-shares=5', '-key-threshold=3')
    unsealKeys = [...init.matchAll(/^Unseal Key (\d): (\S+)$/gm)].map((m) => m[2] as string)
    expect(unsealKeys).toHaveLength(5)
    rootToken = /^Initial Root Token: (\S+)$/m.exec(init)?.[1] ?? ''
    expect(rootToken).toMatch(/^hvs\./)
    expect(init).toContain('Vault initialized with 5 key shares and a key threshold of 3.')

    // Sealed: status says so, with exit code 2.
    const sealed = await vaultCmd('status')
    expect(sealed.code).toBe(2)
    expect(cell(sealed.stdout, 'Sealed')).toBe('true')

    expect(cell(await ok('operator', 'unseal', unsealKeys[0] as string), 'Unseal Progress')).toBe('1/3')
    expect(cell(await ok('operator', 'unseal', unsealKeys[3] as string), 'Unseal Progress')).toBe('2/3')
    const third = await ok('operator', 'unseal', unsealKeys[1] as string)
    expect(cell(third, 'Sealed')).toBe('false')

    const status = await ok('status')
    expect(cell(status, 'Initialized')).toBe('true')
    expect(cell(status, 'Sealed')).toBe('false')
    expect(cell(status, 'Total Shares')).toBe('5')
    expect(cell(status, 'Threshold')).toBe('3')
    expect(cell(status, 'HA Enabled')).toBe('true')
    expect(cell(status, 'Version')).toMatch(/^1\.\d+\.\d+$/)
    env = { ...env, VAULT_TOKEN: rootToken }
  })

  it('Part 4: KV v2 put, get, one field, an old version, -output-policy, delete, destroy', async () => {
    expect(await ok('secrets', 'enable', '-path=secret', 'kv-v2')).toBe('Success! Enabled the kv-v2 secrets engine at: secret/\n')
    const put = await ok('kv', 'put', 'secret/myapp/database', 'username=dbadmin', 'password=s3cur3_p@ss', 'host=db.example.com')
    expect(put).toMatch(/^=+ Secret Path =+\nsecret\/data\/myapp\/database\n\n=+ Metadata =+\n/)
    expect(cell(put, 'version')).toBe('1')

    const get = await ok('kv', 'get', 'secret/myapp/database')
    expect(get).toMatch(/\n====== Data ======\nKey         Value\n---         -----\nhost        db\.example\.com\npassword    s3cur3_p@ss\nusername    dbadmin\n$/)
    expect(await ok('kv', 'get', '-field=password', 'secret/myapp/database')).toBe('s3cur3_p@ss')

    await ok('kv', 'put', 'secret/myapp/database', 'username=dbadmin', 'password=n3w_p@ss_2026', 'host=db.example.com')
    expect(await ok('kv', 'get', '-field=password', 'secret/myapp/database')).toBe('n3w_p@ss_2026')
    expect(cell(await ok('kv', 'get', '-version=1', 'secret/myapp/database'), 'password')).toBe('s3cur3_p@ss')

    // The cure for the /data/ trap: the policy a read of secret/myapp/config needs.
    expect(await ok('kv', 'get', '-output-policy', 'secret/myapp/config')).toBe('path "secret/data/myapp/config" {\n  capabilities = ["read"]\n}\n')

    expect(await ok('kv', 'delete', 'secret/myapp/database')).toBe('Success! Data deleted (if it existed) at: secret/data/myapp/database\n')
    expect(cell(await ok('kv', 'get', 'secret/myapp/database'), 'deletion_time')).not.toBe('n/a')
    expect(await ok('kv', 'destroy', '-versions=1', 'secret/myapp/database')).toBe('Success! Data written to: secret/destroy/myapp/database\n')
    const meta = await ok('kv', 'metadata', 'get', 'secret/myapp/database')
    expect(meta).toMatch(/=+ Version 1 =+\n[^=]*destroyed +true\n/)
    expect(meta).toMatch(/=+ Version 2 =+\n[^=]*destroyed +false\n/)
  })

  it('Part 4: transit encrypts and decrypts without showing the key', async () => {
    expect(await ok('secrets', 'enable', 'transit')).toBe('Success! Enabled the transit secrets engine at: transit/\n')
    await ok('write', '-f', 'transit/keys/myapp-key')
    const plaintext = Buffer.from('credit-card-1234').toString('base64')
    const encrypted = await ok('write', 'transit/encrypt/myapp-key', `plaintext=${plaintext}`)
    const ciphertext = cell(encrypted, 'ciphertext')
    expect(ciphertext).toMatch(/^vault:v1:/)
    const decrypted = await ok('write', 'transit/decrypt/myapp-key', `ciphertext=${ciphertext}`)
    expect(cell(decrypted, 'plaintext')).toBe('Y3JlZGl0LWNhcmQtMTIzNA==')
  })

  it('Part 5: a token with a policy, and AppRole from role to login', async () => {
    // The lesson creates the token before it writes the policy; Vault warns but issues it.
    const token = await vaultCmd('token', 'create', '-policy=myapp-secrets', '-ttl=1h')
    expect(token.code).toBe(0)
    expect(token.stderr).toContain('* Policy "myapp-secrets" does not exist')
    const created = token.stdout
    appToken = cell(created, 'token')
    expect(appToken).toMatch(/^hvs\./)
    expect(cell(created, 'token_policies')).toBe('["default" "myapp-secrets"]')
    expect(cell(created, 'token_duration')).toBe('1h')

    expect(await ok('auth', 'enable', 'approle')).toBe('Success! Enabled approle auth method at: approle/\n')
    expect(await ok('write', 'auth/approle/role/ci-pipeline', 'token_policies=ci-deploy', 'token_ttl=1h', 'token_max_ttl=4h', 'secret_id_ttl=10m')).toBe(
      'Success! Data written to: auth/approle/role/ci-pipeline\n',
    )
    const roleId = cell(await ok('read', 'auth/approle/role/ci-pipeline/role-id'), 'role_id')
    expect(roleId).toMatch(/^[0-9a-f-]{36}$/)
    const secretIdOut = await ok('write', '-f', 'auth/approle/role/ci-pipeline/secret-id')
    const secretId = cell(secretIdOut, 'secret_id')
    expect(cell(secretIdOut, 'secret_id_ttl')).toBe('10m')
    const login = await ok('write', 'auth/approle/login', `role_id=${roleId}`, `secret_id=${secretId}`)
    expect(cell(login, 'token')).toMatch(/^hvs\./)
    expect(cell(login, 'token_policies')).toBe('["ci-deploy" "default"]')
    expect(cell(login, 'token_duration')).toBe('1h')
    expect(cell(login, 'token_meta_role_name')).toBe('ci-pipeline')
  })

  it('Part 5: Kubernetes auth: a pod\'s service-account JWT logs in to its role, another namespace does not', async () => {
    expect(await ok('auth', 'enable', 'kubernetes')).toBe('Success! Enabled kubernetes auth method at: kubernetes/\n')
    // The emulator's fake API server stands in for https://kubernetes.default.svc.
    expect(await ok('write', 'auth/kubernetes/config', `kubernetes_host=${vault.kubernetes.host}`)).toBe('Success! Data written to: auth/kubernetes/config\n')
    const role = await vaultCmd('write', 'auth/kubernetes/role/myapp', 'bound_service_account_names=myapp-sa', 'bound_service_account_namespaces=production', 'policies=myapp-secrets', 'ttl=1h')
    expect(role.code).toBe(0)
    expect(role.stderr).toContain('Role myapp does not have an audience configured.') // Vault's advice, as a warning
    const jwt = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
    const login = await ok('write', 'auth/kubernetes/login', 'role=myapp', `jwt=${jwt}`)
    expect(cell(login, 'token_policies')).toBe('["default" "myapp-secrets"]')
    expect(cell(login, 'token_duration')).toBe('1h')
    const stranger = vault.kubernetes.serviceAccountToken({ namespace: 'ci', serviceAccount: 'myapp-sa' })
    const refused = await vaultCmd('write', 'auth/kubernetes/login', 'role=myapp', `jwt=${stranger}`)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('Code: 403.')
  })

  it('Part 6: policy write, token capabilities read / deny, and the token reads only what it may', async () => {
    expect(await ok('policy', 'write', 'myapp-secrets', MYAPP_POLICY_FILE)).toBe('Success! Uploaded policy: myapp-secrets\n')
    expect(await ok('token', 'capabilities', appToken, 'secret/data/myapp/database')).toBe('list, read\n')
    expect(await ok('token', 'capabilities', appToken, 'secret/data/billing/stripe-key')).toBe('deny\n')

    await ok('kv', 'put', 'secret/myapp/config', 'feature=on')
    await ok('kv', 'put', 'secret/billing/stripe-key', 'key=sk_live')
    const asApp = vaultCli({ ...env, VAULT_TOKEN: appToken }, home)
    expect((await asApp.run('kv', 'get', '-field=feature', 'secret/myapp/config')).stdout).toBe('on')
    const denied = await asApp.run('kv', 'get', 'secret/billing/stripe-key')
    expect(denied.code).toBe(2)
    expect(denied.stderr).toContain('Code: 403. Errors:')
    expect(denied.stderr).toContain('* permission denied')
    // The app token may read its own path, so the preflight passes and -output-policy answers.
    expect((await asApp.run('kv', 'get', '-output-policy', 'secret/myapp/config')).stdout).toBe('path "secret/data/myapp/config" {\n  capabilities = ["read"]\n}\n')
  })

  it('Part 7: database engine on PostgreSQL, rotate-root, roles, credentials that log in', async () => {
    const pg = vault.postgres as NonNullable<VaultEmulator['postgres']>
    const admin = await pg.connect()
    await admin.query(`CREATE ROLE vault_admin WITH LOGIN PASSWORD 'vault-managed-2026' CREATEROLE; GRANT ALL ON SCHEMA public TO vault_admin;`)
    await admin.query(`CREATE TABLE users (id int); INSERT INTO users SELECT generate_series(1, 42857); GRANT SELECT, INSERT, UPDATE, DELETE ON users TO vault_admin WITH GRANT OPTION;`)
    await admin.end()

    expect(await ok('secrets', 'enable', 'database')).toBe('Success! Enabled the database secrets engine at: database/\n')
    await ok(
      'write',
      'database/config/production-db',
      'plugin_name=postgresql-database-plugin',
      `connection_url=postgresql://{{username}}:{{password}}@${pg.host}:${pg.port}/${pg.database}`,
      'allowed_roles=app-readonly,app-readwrite',
      'username=vault_admin',
      'password=vault-managed-2026',
    )
    expect(await ok('write', '-f', 'database/rotate-root/production-db')).toBe('Success! Data written to: database/rotate-root/production-db\n')
    expect(await logsIn('vault_admin', 'vault-managed-2026')).toBe(false) // only Vault knows it now

    const roleArgs = (create: string, ttl: string, maxTtl: string) => ['db_name=production-db', `creation_statements=${create}`, `revocation_statements=${REVOKE}`, `default_ttl=${ttl}`, `max_ttl=${maxTtl}`]
    expect(await ok('write', 'database/roles/app-readonly', ...roleArgs(CREATE_READONLY, '1h', '24h'))).toBe('Success! Data written to: database/roles/app-readonly\n')
    expect(await ok('write', 'database/roles/app-readwrite', ...roleArgs(CREATE_READWRITE, '30m', '4h'))).toBe('Success! Data written to: database/roles/app-readwrite\n')

    const out = await ok('read', 'database/creds/app-readonly')
    expect(out.split('\n').slice(2, 7).map((line) => line.split(/\s+/)[0])).toEqual(['lease_id', 'lease_duration', 'lease_renewable', 'password', 'username'])
    lease = cell(out, 'lease_id')
    expect(lease).toMatch(/^database\/creds\/app-readonly\//)
    expect(cell(out, 'lease_duration')).toBe('1h')
    expect(cell(out, 'lease_renewable')).toBe('true')
    creds = { username: cell(out, 'username'), password: cell(out, 'password') }
    const app = await pg.connectAs(creds.username, creds.password)
    expect((await app.query<{ count: string }>('SELECT count(*) FROM users')).rows[0]?.count).toBe('42857')
    await app.end()
  })

  it('Part 7: lease renew, renew -increment, revoke, revoke -prefix', async () => {
    expect(cell(await ok('lease', 'renew', lease), 'lease_duration')).toBe('1h')
    const shorter = await ok('lease', 'renew', '-increment=30m', lease)
    expect(cell(shorter, 'lease_id')).toBe(lease)
    expect(cell(shorter, 'lease_duration')).toBe('30m')

    expect(await ok('lease', 'revoke', lease)).toBe('All revocation operations queued successfully!\n')
    expect(await refusedSoon(creds.username, creds.password)).toBe(true)

    // The app's own token may read the role its policy names; its user is named after the token.
    const asApp = await vaultCli({ ...env, VAULT_TOKEN: appToken }, home).run('read', 'database/creds/app-readonly')
    expect(asApp.code).toBe(0)
    expect(cell(asApp.stdout, 'username')).toMatch(/^v-token-app-read/)
    const more = [await ok('read', 'database/creds/app-readonly'), asApp.stdout].map((o) => ({ username: cell(o, 'username'), password: cell(o, 'password') }))
    for (const c of more) expect(await logsIn(c.username, c.password)).toBe(true)
    expect(await ok('lease', 'revoke', '-prefix', 'database/creds/app-readonly/')).toBe('All revocation operations queued successfully!\n')
    for (const c of more) expect(await refusedSoon(c.username, c.password)).toBe(true)
  })

  it('Part 11: audit devices, and the lesson jq queries over the file log', async () => {
    const log = join(dir, 'audit.log')
    expect(await ok('audit', 'enable', 'file', `file_path=${log}`)).toBe('Success! Enabled the file audit device at: file/\n')
    // Belt and braces: syslog too (the emulator sends it over UDP to 127.0.0.1:514; nobody need listen).
    expect(await ok('audit', 'enable', '-path=syslog', 'syslog')).toBe('Success! Enabled the syslog audit device at: syslog/\n')
    const devices = await ok('audit', 'list')
    expect(devices).toMatch(/^Path +Type +Description\n-+ +-+ +-+\nfile\/ +file +n\/a\nsyslog\/ +syslog +n\/a\n$/)

    await ok('read', 'database/creds/app-readonly')
    expect((await vaultCli({ ...env, VAULT_TOKEN: appToken }, home).run('kv', 'get', 'secret/billing/stripe-key')).code).toBe(2)

    const entries = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as {
      time: string
      request: { path: string; remote_address: string }
      auth?: { accessor?: string }
      response?: { data?: { error?: string } }
    })
    // jq 'select(.request.path == "database/creds/app-readonly") | {time, remote, accessor}'
    const credReads = entries.filter((e) => e.request.path === 'database/creds/app-readonly').map((e) => ({ time: e.time, remote: e.request.remote_address, accessor: e.auth?.accessor }))
    expect(credReads).toHaveLength(2) // request and response
    expect(credReads.every((r) => r.remote === '127.0.0.1' && /^hmac-sha256:/.test(r.accessor ?? ''))).toBe(true)
    // jq -r '.request.path' | sort | uniq -c | sort -rn | head -10
    const counts = new Map<string, number>()
    for (const e of entries) counts.set(e.request.path, (counts.get(e.request.path) ?? 0) + 1)
    const hottest = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 10)
    expect(hottest.map(([path]) => path)).toContain('database/creds/app-readonly')
    // jq 'select(.response.data.error != null) | {time, path, error}'
    const errors = entries.filter((e) => e.response?.data?.error != null).map((e) => ({ path: e.request.path, error: e.response?.data?.error }))
    expect(errors).toEqual([{ path: 'secret/data/billing/stripe-key', error: expect.stringMatching(/^hmac-sha256:/) }])
  })

  it('Part 10: raft list-peers, snapshot save and restore', async () => {
    const peers = await ok('operator', 'raft', 'list-peers')
    const autopilot = await ok('operator', 'raft', 'autopilot', 'state')
    expect(autopilot).toMatch(/^Healthy: +true\n/)
    expect(autopilot).toMatch(/\nLeader: +\S+\n/)
    expect(peers).toMatch(/^Node +Address +State +Voter\n-+ +-+ +-+ +-+\n\S+ +127\.0\.0\.1:\d+ +leader +true\n$/)

    const snap = join(dir, 'vault-backup.snap')
    expect(await ok('operator', 'raft', 'snapshot', 'save', snap)).toBe('')
    expect(statSync(snap).size).toBeGreaterThan(0)
    await ok('kv', 'put', 'secret/after-backup', 'x=1')
    expect(await ok('operator', 'raft', 'snapshot', 'restore', snap)).toBe('')
    const gone = await vaultCmd('kv', 'get', 'secret/after-backup')
    expect(gone).toMatchObject({ code: 2, stderr: 'No value found at secret/data/after-backup\n' })
    expect(await ok('kv', 'get', '-field=feature', 'secret/myapp/config')).toBe('on')
  })

  it('Part 12: exercise 1, exercise 2, the root token revoked after setup, and a temporary one regenerated from the unseal keys', async () => {
    await ok('kv', 'put', 'secret/exercise/hello', 'message=vault works')
    expect(await ok('kv', 'get', '-field=message', 'secret/exercise/hello')).toBe('vault works')

    expect(await ok('policy', 'write', 'web-frontend', WEB_FRONTEND_POLICY_FILE)).toBe('Success! Uploaded policy: web-frontend\n')
    const frontend = cell(await ok('token', 'create', '-policy=web-frontend'), 'token')
    const can = async (path: string) => (await ok('token', 'capabilities', frontend, path)).trim()
    expect(await can('secret/data/frontend/api-key')).toBe('read')
    expect(await can('secret/metadata/frontend/api-key')).toBe('list')
    expect(await can('database/creds/frontend-readonly')).toBe('read')
    expect(await can('secret/data/billing/stripe-key')).toBe('deny')

    // Part 6's gotcha: revoke the root token once setup is done; it stops working at once.
    expect(await ok('token', 'revoke', rootToken)).toBe('Success! Revoked token (if it existed)\n')
    const after = await vaultCmd('kv', 'get', 'secret/exercise/hello')
    expect(after.code).toBe(2)
    expect(after.stderr).toContain('Code: 403. Errors:')

    // ... and when root access is needed again, regenerate a temporary root token with the unseal keys.
    const init = await vaultCmd('operator', 'generate-root', '-init')
    expect(init.stderr).toContain('A One-Time-Password has been generated for you') // vault warns on stderr
    const nonce = cell(init.stdout, 'Nonce')
    const otp = cell(init.stdout, 'OTP')
    let last = ''
    for (const key of unsealKeys.slice(2, 5)) last = await ok('operator', 'generate-root', `-nonce=${nonce}`, key)
    expect(cell(last, 'Complete')).toBe('true')
    const temporaryRoot = (await ok('operator', 'generate-root', `-decode=${cell(last, 'Encoded Token')}`, `-otp=${otp}`)).trim()
    env = { ...env, VAULT_TOKEN: temporaryRoot }
    expect(await ok('kv', 'get', '-field=message', 'secret/exercise/hello')).toBe('vault works')
    expect(await ok('token', 'revoke', '-self')).toBe('Success! Revoked token (if it existed)\n')
    expect((await vaultCmd('kv', 'get', 'secret/exercise/hello')).code).toBe(2)
  })
})
