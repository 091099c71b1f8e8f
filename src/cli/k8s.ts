/**
 * `vault-emu k8s token <namespace> <service-account>`: print a service-account
 * JWT of the running emulator's fake Kubernetes cluster (`POST /_emu/k8s-token`,
 * root token), the token a pod would have mounted. It lets the lesson's
 * Kubernetes login and a Vault Agent `method "kubernetes"` run from a shell.
 */
import { parseArgs } from 'node:util'
import { writeFile } from 'node:fs/promises'
import { UsageError } from './usage-error.js'

export const K8S_USAGE = `Usage: vault-emu k8s token <namespace> <service-account> [options]

Print a service-account token (JWT) of the fake Kubernetes cluster of the emulator
at $VAULT_ADDR (needs the root token in $VAULT_TOKEN). Vault's kubernetes auth,
configured with kubernetes_host=$VAULT_ADDR/_emu/k8s, accepts it:

  vault-emu write auth/kubernetes/login role=myapp jwt="$(vault-emu k8s token production myapp-sa)"

Options:
  --ttl <duration>      lifetime (default 1h, on the emulator's clock)
  --audience <aud>      the token's audience (repeatable; default: the cluster's own)
  --output <file>       write the token to this file (mode 0600) instead of printing it,
                        e.g. for a Vault Agent's method "kubernetes" token_path`

interface TokenReply {
  token?: string
  errors?: string[]
}

export async function k8s(argv: string[], env: NodeJS.ProcessEnv = process.env, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ttl: { type: 'string' },
      audience: { type: 'string', multiple: true },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  })
  if (values.help) {
    out.write(`${K8S_USAGE}\n`)
    return 0
  }
  const [sub, namespace, serviceAccount, ...extra] = positionals
  if (sub !== 'token') throw new UsageError(sub === undefined ? 'k8s needs a command: token' : `unknown k8s command ${JSON.stringify(sub)}`)
  if (!namespace || !serviceAccount) throw new UsageError('k8s token needs a namespace and a service account, e.g. "vault-emu k8s token production myapp-sa"')
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`)

  const addr = (env['VAULT_ADDR'] ?? 'http://127.0.0.1:8200').replace(/\/+$/, '')
  const body = { namespace, service_account: serviceAccount, ...(values.ttl ? { ttl: values.ttl } : {}), ...(values.audience ? { audiences: values.audience } : {}) }
  let res: Response
  try {
    res = await fetch(`${addr}/_emu/k8s-token`, {
      method: 'POST',
      headers: { 'X-Vault-Token': env['VAULT_TOKEN'] ?? '', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
  } catch (err) {
    process.stderr.write(`vault-emu: cannot reach the emulator at ${addr}: ${err instanceof Error ? err.message : String(err)}\n`)
    return 1
  }
  const reply = (await res.json().catch(() => ({}))) as TokenReply
  if (!res.ok || typeof reply.token !== 'string') {
    const why = (reply.errors ?? []).join('; ') || res.statusText
    const hint = res.status === 403 ? ' (this needs the root token in VAULT_TOKEN)' : res.status === 404 ? ' (is VAULT_ADDR a vault-emu?)' : ''
    process.stderr.write(`vault-emu: ${res.status} ${why}${hint}\n`)
    return 1
  }
  if (values.output) {
    await writeFile(values.output, reply.token, { mode: 0o600 })
    return 0
  }
  out.write(`${reply.token}\n`)
  return 0
}
