/**
 * The first line of every check: Vault answers at VAULT_ADDR, is unsealed, and
 * the token is valid. Later checks only run when this passes.
 */
import { fail, pass } from './check-result.js'
import type { CheckLine } from './check-result.js'
import { VaultUnreachableError, replyData, vaultRequest } from './vault-connection.js'
import type { VaultConnection } from './vault-connection.js'

export interface ReachedVault {
  line: CheckLine
  /** The token's policies when it is valid. */
  policies?: string[]
}

const START_HINT = 'Start the emulator with `npx vault-emu up` and paste the `export VAULT_ADDR=...` and `export VAULT_TOKEN=...` lines it prints.'

export async function reachVault(conn: VaultConnection): Promise<ReachedVault> {
  let health
  try {
    health = await vaultRequest(conn, 'GET', 'sys/health?sealedcode=200&uninitcode=200')
  } catch (err) {
    if (!(err instanceof VaultUnreachableError)) throw err
    return { line: fail(`nothing answers at ${conn.addr} (${err.message})`, START_HINT) }
  }
  const state = health.json as { initialized?: boolean; sealed?: boolean } | undefined
  if (state?.initialized === false) {
    return { line: fail(`Vault at ${conn.addr} is not initialized`, 'Run `vault operator init` (lesson part 3), then unseal it with three of the keys.') }
  }
  if (state?.sealed === true) {
    return { line: fail(`Vault at ${conn.addr} is sealed`, 'Unseal it: `vault operator unseal <key>` with as many keys as the threshold (lesson part 3).') }
  }
  if (conn.token === '') {
    return { line: fail('no token: VAULT_TOKEN is empty and ~/.vault-token does not exist', 'Set `export VAULT_TOKEN=root` (the emulator\'s root token) or log in with `vault login`.') }
  }
  const self = await vaultRequest(conn, 'GET', 'auth/token/lookup-self')
  const policies = replyData(self)?.['policies']
  if (self.status !== 200 || !Array.isArray(policies)) {
    return {
      line: fail(
        `the token from ${conn.tokenSource} is not valid at ${conn.addr} (${self.status})`,
        'It may have expired or belong to another Vault: set VAULT_TOKEN to the root token `vault-emu up` printed.',
      ),
    }
  }
  const names = policies.map(String)
  return { line: pass(`Vault at ${conn.addr} answers; token from ${conn.tokenSource} (policies: ${names.join(', ')})`), policies: names }
}
