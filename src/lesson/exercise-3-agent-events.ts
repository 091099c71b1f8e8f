/**
 * Reading a running agent's events for exercise 3: which secrets carry a
 * lease, what went wrong, and the hint for it.
 */
import type { AgentConfig, AgentEvent } from '../agent/index.js'

export interface LeasedSecret {
  path: string
  seconds: number
}

/** `secret` events say `<path>, lease <n>s` for a secret with a lease, just `<path>` for one without. */
export function fetchedSecrets(events: readonly AgentEvent[]): { leased: LeasedSecret[]; static: string[] } {
  const leased = new Map<string, number>()
  const without = new Set<string>()
  for (const e of events) {
    if (e.type !== 'secret' || !e.detail) continue
    const m = /^(.*), lease (\d+)s$/.exec(e.detail)
    if (m) leased.set(m[1]!, Number(m[2]))
    else without.add(e.detail)
  }
  return { leased: [...leased].map(([path, seconds]) => ({ path, seconds })), static: [...without].filter((p) => !leased.has(p)) }
}

/** The paths a template's text reads with `{{ with secret "<path>" }}`. */
export function secretPathsIn(text: string): string[] {
  return [...text.matchAll(/\bsecret\s+"([^"]+)"/g)].map((m) => m[1]!)
}

/** Hints for the agent's last error: which setting to look at, in the learner's terms. */
export function hintsForError(detail: string, config: AgentConfig, databaseMounted: boolean): string[] {
  const denied = /^(\S+): HTTP 403/.exec(detail)
  if (denied && !denied[1]!.startsWith('auth/')) {
    return [
      `The agent's token may not read ${denied[1]}: the policy of the token auto_auth gets must grant read on it (e.g. path "${denied[1]}" { capabilities = ["read"] }), or the template must read a path that policy allows.`,
    ]
  }
  if (/^database\//.test(detail) && !databaseMounted) return [DATABASE_HINT]
  if (/^database\/creds\/[^:]+: HTTP (400|404)/.test(detail)) {
    return ['Vault has no such database role: create it as in lesson part 7 (vault write database/roles/<name> ...) or fix the path in the template.']
  }
  const method = config.autoAuth.method
  if (/^auth\//.test(detail) || /ENOENT|cannot read/.test(detail)) {
    switch (method.type) {
      case 'kubernetes':
        return [`auto_auth method "kubernetes" needs a service-account token at ${method.tokenPath}; on a laptop use method "token_file" (vault token create -policy=<policy> -period=24h -field=token > agent-token) or "approle".`]
      case 'token_file':
        return [
          `auto_auth reads its token from ${method.tokenFilePath}, and the agent cannot get a new one: a token with a TTL dies when the clock passes it, taking its leases along.`,
          `Put a periodic token there (vault token create -policy=<policy> -period=24h -field=token > ${method.tokenFilePath}), which the agent renews, or log in with method "approle".`,
        ]
      case 'approle':
        return ['auto_auth method "approle" needs the role ID and a valid secret ID in the files it names (vault read -field=role_id auth/approle/role/<role>/role-id, vault write -f -field=secret_id auth/approle/role/<role>/secret-id).']
    }
  }
  return []
}

export const DATABASE_HINT =
  'Exercise 3 re-renders a dynamic database credential, so Vault needs the database engine on a real PostgreSQL: start `npx vault-emu up --postgres embedded`, ' +
  'then set up database/ as in lesson part 7 (vault secrets enable database; vault write database/config/...; vault write database/roles/...), ' +
  'with the host and admin user from `curl -H "X-Vault-Token: $VAULT_TOKEN" $VAULT_ADDR/_emu/postgres` instead of db.example.com.'

/** The latest `error` event from `from` on, if any, on one line (Vault's "1 error occurred: * ..." folded). */
export function lastError(events: readonly AgentEvent[], from = 0): string | undefined {
  const detail = events.slice(from).filter((e) => e.type === 'error').at(-1)?.detail
  return detail?.replace(/\d+ errors? occurred:\s*\*?\s*/g, '').replace(/\s*\n\s*\*?\s*/g, ' ').trim()
}
