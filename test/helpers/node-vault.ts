/**
 * node-vault against a running emulator over real HTTP: the setup shared by
 * the tests that drive the emulator as a user's node-vault client would.
 */
import nodeVault from 'node-vault'
import { startVaultEmulator } from 'vault-emu'
import type { VaultEmulator, VaultEmulatorOptions } from 'vault-emu'

/** The response node-vault attaches to the error it throws for a non-2xx reply. */
export interface ApiFailure {
  statusCode: number
  body: { errors: string[] }
}

/** The error response of a node-vault call that must fail; throws if it succeeds. */
export async function failure(promise: Promise<unknown>): Promise<ApiFailure> {
  try {
    await promise
  } catch (err) {
    return (err as { response: ApiFailure }).response
  }
  throw new Error('expected the call to fail')
}

export interface NodeVaultSetup {
  vault: VaultEmulator
  /** A client holding the root token. */
  root: nodeVault.client
  /**
   * A new client, with `token` or none. node-vault's login and tokenCreate
   * helpers switch their client to the new token, so take one per login.
   */
  client(token?: string): nodeVault.client
}

/** Starts an emulator on a free port (plus `options`) and a root node-vault client for it. */
export async function startWithNodeVault(options: VaultEmulatorOptions = {}): Promise<NodeVaultSetup> {
  const vault = await startVaultEmulator({ port: 0, ...options })
  const client = (token?: string) => nodeVault({ endpoint: vault.addr, ...(token === undefined ? {} : { token }) })
  return { vault, root: client(vault.rootToken), client }
}
