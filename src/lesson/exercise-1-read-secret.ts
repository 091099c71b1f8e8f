/**
 * Exercise 1: `vault kv put secret/exercise/hello message="vault works"` on the
 * dev server's KV v2 engine at `secret/`, then read the field back.
 */
import { fail, pass } from './check-result.js'
import type { CheckLine } from './check-result.js'
import type { Exercise, ExerciseCheckContext } from './exercise.js'
import { replyData, replyErrors, vaultRequest } from './vault-connection.js'
import type { VaultConnection } from './vault-connection.js'

const SECRET = 'secret/exercise/hello'
const FIELD = 'message'
const VALUE = 'vault works'
const PUT = `vault kv put ${SECRET} ${FIELD}="${VALUE}"`
const ROOT_HINT = 'Use the root token: export VAULT_TOKEN=root'

export const exercise1: Exercise = {
  number: 1,
  title: 'Read a Vault secret',
  task: [
    'Start a dev server: npx vault-emu up --root-token dev-token (the lesson\'s vault server -dev -dev-root-token-id="dev-token")',
    `Store a secret: ${PUT}`,
    `Then retrieve just the ${FIELD} field with vault kv get.`,
  ],
  checkCommand: 'vault-emu lesson check 1',
  check: checkExercise1,
  next: [`Read just the field: vault kv get -field=${FIELD} ${SECRET}   (prints: ${VALUE})`],
}

async function checkExercise1({ conn, policies }: ExerciseCheckContext): Promise<CheckLine[]> {
  const mount = await vaultRequest(conn, 'GET', `sys/internal/ui/mounts/${SECRET}`)
  const info = replyData(mount)
  // The preflight answers 403 both for "no mount" and "no access"; for a root token it can only mean the first.
  if (mount.status === 403 && !policies.includes('root')) {
    return [fail(`your token may not use secret/ (${replyErrors(mount)})`, ROOT_HINT)]
  }
  if (mount.status !== 200 || !info) {
    return [fail('no secrets engine is mounted at secret/', 'Mount KV version 2 there, as `vault server -dev` does: vault secrets enable -path=secret kv-v2')]
  }
  const path = String(info['path'] ?? '')
  const version = String((info['options'] as { version?: unknown } | null)?.version ?? '1')
  if (path !== 'secret/') {
    return [fail(`the engine answering for ${SECRET} is mounted at ${path}, not secret/`, 'Mount KV version 2 at secret/: vault secrets enable -path=secret kv-v2')]
  }
  if (info['type'] !== 'kv') {
    return [fail(`secret/ is a ${String(info['type'])} engine, not KV`, 'Disable it and mount KV version 2: vault secrets disable secret/ && vault secrets enable -path=secret kv-v2')]
  }
  if (version !== '2') return [fail('secret/ is KV version 1: the exercise (and `vault server -dev`) uses version 2', ...await kvV1Hints(conn))]
  return [pass('secret/ is a KV version 2 engine'), ...await checkSecret(conn)]
}

async function kvV1Hints(conn: VaultConnection): Promise<string[]> {
  const hints = ['Upgrade it in place with `vault kv enable-versioning secret/`, or remount: vault secrets disable secret/ && vault secrets enable -path=secret kv-v2']
  if ((await vaultRequest(conn, 'GET', 'secret/data/exercise/hello')).status === 200) {
    hints.push('There is a v1 secret at the literal path secret/data/exercise/hello: `vault write` does not add /data/ for you; on KV v2 the CLI\'s `vault kv put` does.')
  }
  return hints
}

async function checkSecret(conn: VaultConnection): Promise<CheckLine[]> {
  const read = await vaultRequest(conn, 'GET', 'secret/data/exercise/hello')
  if (read.status === 403) {
    return [fail(`your token may not read ${SECRET}: ${replyErrors(read)}`, 'Use the root token: export VAULT_TOKEN=root')]
  }
  const body = replyData(read)
  const metadata = body?.['metadata'] as { version?: number; deletion_time?: string; destroyed?: boolean } | undefined
  if (read.status === 404 && metadata?.version) {
    const how = metadata.destroyed ? 'destroyed' : 'deleted'
    return [fail(`the latest version (${metadata.version}) of ${SECRET} is ${how}`, `Write it again: ${PUT}`)]
  }
  if (read.status !== 200 || !body) return [fail(`${SECRET} does not exist`, ...await missingSecretHints(conn))]
  const data = (body['data'] ?? {}) as Record<string, unknown>
  const found = pass(`${SECRET} exists (version ${metadata?.version ?? '?'})`)
  return [found, checkField(data)]
}

async function missingSecretHints(conn: VaultConnection): Promise<string[]> {
  const hints: string[] = []
  if ((await vaultRequest(conn, 'GET', 'secret/data/data/exercise/hello')).status === 200) {
    hints.push('It is at secret/data/exercise/hello instead (API path secret/data/data/exercise/hello): `vault kv put` adds /data/ itself, so give it the path without it.')
  }
  const listing = replyData(await vaultRequest(conn, 'LIST', 'secret/metadata/exercise'))
  const keys = Array.isArray(listing?.['keys']) ? (listing['keys'] as unknown[]).map(String) : []
  if (keys.length > 0) hints.push(`secret/exercise/ holds ${keys.map((k) => JSON.stringify(k)).join(', ')}, not "hello": check the spelling of the path.`)
  hints.push(`Write it with the kv command: ${PUT}`)
  hints.push('`vault write secret/data/exercise/hello message=...` fails on KV v2 ("no data provided": the API wants the fields under "data"); `vault kv put` wraps them for you.')
  return hints
}

function checkField(data: Record<string, unknown>): CheckLine {
  const fields = Object.keys(data)
  if (!(FIELD in data)) {
    const near = fields.find((f) => f.toLowerCase().includes('message') || f.toLowerCase() === 'msg')
    const has = fields.length === 0 ? 'no fields' : `the fields ${fields.map((f) => JSON.stringify(f)).join(', ')}`
    return fail(
      `${SECRET} has ${has}, no "${FIELD}"`,
      ...(near ? [`Field names are case-sensitive and exact: "${near}" is not "${FIELD}".`] : []),
      `Write the field the exercise names: ${PUT}`,
    )
  }
  const value = data[FIELD]
  if (value === VALUE) return pass(`field ${FIELD} is "${VALUE}"`)
  const hints: string[] = []
  if (typeof value === 'string' && value.replace(/^["']|["']$/g, '') === VALUE) {
    hints.push('The quotes became part of the value: let the shell remove them, message="vault works", not message=\'"vault works"\'.')
  } else if (value === 'vault') {
    hints.push('The shell split the value at the space: quote it, message="vault works".')
  }
  hints.push(`Write it again (a new version replaces the old): ${PUT}`)
  return fail(`field ${FIELD} is ${JSON.stringify(value)}, not "${VALUE}"`, ...hints)
}
