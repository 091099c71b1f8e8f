/**
 * `vault login [token]`, `vault login -method=userpass username=alice [password=...]`,
 * `vault login -method=approle role_id=... secret_id=...` (`-path=` for another mount).
 * Stores the token in `~/.vault-token` unless `-no-store`, then prints vault's
 * "Success! You are now authenticated" block and the token table.
 *
 * vault itself has no approle login helper (it says "Unknown auth method");
 * here it posts the key=value pairs to `auth/<path>/login`.
 */
import { VaultClient, writeTokenFile, type VaultSecret } from '../client.js'
import { CommandUsageError, type VaultCliIo, type VaultCommand } from '../command.js'
import { flag, OUTPUT_FLAGS, parseFlags } from '../flags.js'
import { parseKeyValues } from '../kv-args.js'
import { fail, outputOptions, printSecret, say } from '../output.js'
import { promptSecret } from '../prompt.js'
import { wrapAtLength } from '../wrap.js'

const SPEC = {
  ...OUTPUT_FLAGS,
  method: flag.string(),
  path: flag.string(),
  'no-store': flag.bool(),
  'no-print': flag.bool(),
  'token-only': flag.bool(),
  'non-interactive': flag.bool(),
}

type Config = Record<string, string>

/** Each auth method's CLI helper: turns key=value config into a login response. */
const HANDLERS: Record<string, (io: VaultCliIo, client: VaultClient, config: Config, interactive: boolean) => Promise<VaultSecret>> = {
  token: loginWithToken,
  userpass: loginWithUserpass,
  approle: loginWithApprole,
}

export const login: VaultCommand = async (io, argv) => {
  const { flags, args } = parseFlags(argv, SPEC)
  let noStore = flags['no-store']
  let field = flags.field
  if (flags['token-only']) {
    noStore = true
    field = 'token'
  }
  if (noStore && flags['no-print']) throw new CommandUsageError('-no-store and -no-print cannot be used together')
  const method = (flags.method ?? '').replace(/^\/+|\/+$/g, '') || 'token'
  const handler = HANDLERS[method]
  if (!handler) {
    throw new CommandUsageError(wrapAtLength(`Unknown auth method: ${method}. Use "vault auth list" to see the complete list of auth methods. Additionally, some auth methods are only available via the HTTP API.`))
  }
  const dataArgs = method === 'token' && args.length > 0 && !(args[0] as string).includes('=') ? [`token=${args[0]}`, ...args.slice(1)] : args
  let config: Config
  try {
    config = Object.fromEntries(Object.entries(await parseKeyValues(dataArgs, io.stdin)).map(([k, v]) => [k, String(v)]))
  } catch (err) {
    throw new CommandUsageError(`Error parsing configuration: ${(err as Error).message}`)
  }
  if (!config['mount']) config['mount'] = flags.path || `${method}/`
  const client = await VaultClient.fromIo(io)
  if (method !== 'token') client.token = undefined
  let secret: VaultSecret
  try {
    secret = await handler(io, client, config, !flags['non-interactive'])
  } catch (err) {
    fail(io, `Error authenticating: ${(err as Error).message}`)
    return 2
  }
  if (!secret.auth) {
    fail(io, wrapAtLength('Vault returned a secret, but the secret has no authentication information attached. This should never happen and is likely a bug.'))
    return 2
  }
  if (!noStore) {
    await writeTokenFile(io.home, secret.auth.client_token)
    if (io.env['VAULT_TOKEN']) {
      io.stderr.write(`${wrapAtLength('WARNING! The VAULT_TOKEN environment variable is set! The value of this variable will take precedence; if this is unwanted please unset VAULT_TOKEN or update its value accordingly.')}\n\n`)
    }
  } else if (!flags['token-only']) {
    io.stderr.write(`${wrapAtLength('The token was not stored in token helper. Set the VAULT_TOKEN environment variable or pass the token below with each request to Vault.')}\n\n`)
  }
  if (flags['no-print']) return 0
  const out = outputOptions(io, { format: flags.format, field })
  if (out.field === undefined && out.format === 'table') {
    say(io, `${wrapAtLength('Success! You are now authenticated. The token information displayed below is already stored in the token helper. You do NOT need to run "vault login" again. Future Vault requests will automatically use this token.')}\n`)
  }
  return printSecret(io, secret, out)
}

function mountOf(config: Config, fallback: string): string {
  return (config['mount'] ?? fallback).replace(/^\/+|\/+$/g, '') || fallback
}

/** vault's token helper: looks the token up and presents it like a login response. */
async function loginWithToken(io: VaultCliIo, client: VaultClient, config: Config, interactive: boolean): Promise<VaultSecret> {
  let token = config['token'] ?? ''
  if (token === '') {
    if (!interactive) throw new Error("'token' not supplied and refusing to pull from stdin")
    token = await promptSecret(io, io.stderr, 'Token (will be hidden): ')
  }
  token = token.trim()
  let lookup: VaultSecret
  try {
    lookup = (await client.request('GET', 'auth/token/lookup-self', { token })).json as VaultSecret
  } catch (err) {
    throw new Error(`error looking up token: ${(err as Error).message}`)
  }
  const data = lookup.data ?? {}
  const policies = Array.isArray(data['policies']) ? (data['policies'] as unknown[]).map(String) : null
  return {
    auth: {
      client_token: String(data['id'] ?? token),
      accessor: String(data['accessor'] ?? ''),
      policies,
      token_policies: policies,
      identity_policies: Array.isArray(data['identity_policies']) ? (data['identity_policies'] as unknown[]).map(String) : null,
      metadata: (data['meta'] as Record<string, string> | null) ?? null,
      orphan: Boolean(data['orphan']),
      entity_id: String(data['entity_id'] ?? ''),
      lease_duration: Number(data['ttl'] ?? 0),
      renewable: Boolean(data['renewable']),
    },
  }
}

async function loginWithUserpass(io: VaultCliIo, client: VaultClient, config: Config, interactive: boolean): Promise<VaultSecret> {
  const mount = mountOf(config, 'userpass')
  const username = config['username']
  if (!username) throw new Error("'username' must be specified")
  let password = config['password']
  if (!password) {
    if (!interactive) throw new Error("'password' must be specified and refusing to pull from stdin")
    password = await promptSecret(io, io.stderr, 'Password (will be hidden): ')
  }
  return (await client.write(`auth/${mount}/login/${encodeURIComponent(username)}`, { password })) ?? {}
}

async function loginWithApprole(_io: VaultCliIo, client: VaultClient, config: Config): Promise<VaultSecret> {
  const mount = mountOf(config, 'approle')
  const { mount: _mount, ...data } = config
  return (await client.write(`auth/${mount}/login`, data)) ?? {}
}
