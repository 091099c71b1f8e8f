/**
 * The vault-style commands (`vault-emu status`, `vault-emu kv get ...`): their
 * signature, the table that names them, and the dispatcher `main.ts` calls.
 *
 * A command is a function of its I/O and its arguments (after the command
 * path) that resolves to the exit code. To add one, write
 * `commands/<name>.ts` exporting a {@link VaultCommand} and add one line to
 * {@link VAULT_COMMANDS}.
 *
 * @example
 * // commands/status.ts
 * export const status: VaultCommand = async (io, args) => { ...; return 0 }
 * // VAULT_COMMANDS
 * status: async () => (await import('./commands/status.js')).status,
 */
import { homedir } from 'node:os'
import { ApiError, ConnectionError } from './client.js'
import { FlagError } from './flags.js'
import { takeGlobalFlags } from './global-flags.js'
import { commandHelp } from './help.js'
import { KeyValueError } from './kv-args.js'

/** Everything a command touches outside itself; tests pass captured streams. */
export interface VaultCliIo {
  env: NodeJS.ProcessEnv
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  stdin: NodeJS.ReadableStream
  /** Where `~/.vault-token` lives. */
  home: string
  /** Set while running under `-output-policy`: clients record their request instead of sending it. */
  outputPolicy?: boolean
}

/** One vault command: prints, then resolves to the exit code the real CLI returns. */
export type VaultCommand = (io: VaultCliIo, args: string[]) => Promise<number>

/** A usage mistake (wrong number of arguments, bad value): printed as is, exit 1. */
export class CommandUsageError extends Error {
  override name = 'CommandUsageError'
}

/**
 * Command path (words joined by spaces) to its lazily loaded implementation.
 * Longest path wins: `operator raft snapshot save` before `operator`.
 */
export const VAULT_COMMANDS: Record<string, () => Promise<VaultCommand>> = {
  status: async () => (await import('./commands/status.js')).status,
  'operator init': async () => (await import('./commands/operator-init.js')).operatorInit,
  'operator unseal': async () => (await import('./commands/operator-unseal.js')).operatorUnseal,
  'operator seal': async () => (await import('./commands/operator-seal.js')).operatorSeal,
  'operator generate-root': async () => (await import('./commands/operator-generate-root.js')).operatorGenerateRoot,
  'operator rekey': async () => (await import('./commands/operator-rekey.js')).operatorRekey,
  'operator raft list-peers': async () => (await import('./commands/operator-raft-list-peers.js')).operatorRaftListPeers,
  'operator raft autopilot state': async () => (await import('./commands/operator-raft-autopilot-state.js')).operatorRaftAutopilotState,
  'operator raft snapshot save': async () => (await import('./commands/operator-raft-snapshot.js')).operatorRaftSnapshotSave,
  'operator raft snapshot restore': async () => (await import('./commands/operator-raft-snapshot.js')).operatorRaftSnapshotRestore,
  'secrets enable': async () => (await import('./commands/secrets.js')).secretsEnable,
  'secrets disable': async () => (await import('./commands/secrets.js')).secretsDisable,
  'secrets list': async () => (await import('./commands/secrets.js')).secretsList,
  'auth enable': async () => (await import('./commands/auth.js')).authEnable,
  'auth disable': async () => (await import('./commands/auth.js')).authDisable,
  'auth list': async () => (await import('./commands/auth.js')).authList,
  'audit enable': async () => (await import('./commands/audit.js')).auditEnable,
  'audit disable': async () => (await import('./commands/audit.js')).auditDisable,
  'audit list': async () => (await import('./commands/audit.js')).auditList,
  'policy write': async () => (await import('./commands/policy.js')).policyWrite,
  'policy read': async () => (await import('./commands/policy.js')).policyRead,
  'policy list': async () => (await import('./commands/policy.js')).policyList,
  'policy delete': async () => (await import('./commands/policy.js')).policyDelete,
  'policy fmt': async () => (await import('./commands/policy-fmt.js')).policyFmt,
  'token create': async () => (await import('./commands/token.js')).tokenCreate,
  'token lookup': async () => (await import('./commands/token.js')).tokenLookup,
  'token renew': async () => (await import('./commands/token.js')).tokenRenew,
  'token revoke': async () => (await import('./commands/token.js')).tokenRevoke,
  'token capabilities': async () => (await import('./commands/token.js')).tokenCapabilities,
  'lease lookup': async () => (await import('./commands/lease.js')).leaseLookup,
  'lease renew': async () => (await import('./commands/lease.js')).leaseRenew,
  'lease revoke': async () => (await import('./commands/lease.js')).leaseRevoke,
  login: async () => (await import('./commands/login.js')).login,
  'print token': async () => (await import('./commands/print-token.js')).printToken,
  read: async () => (await import('./commands/generic-read.js')).read,
  write: async () => (await import('./commands/generic-write.js')).write,
  list: async () => (await import('./commands/generic-list.js')).list,
  delete: async () => (await import('./commands/generic-delete.js')).remove,
  'kv get': async () => (await import('./commands/kv-get.js')).kvGet,
  'kv put': async () => (await import('./commands/kv-put.js')).kvPut,
  'kv patch': async () => (await import('./commands/kv-patch.js')).kvPatch,
  'kv delete': async () => (await import('./commands/kv-delete.js')).kvDelete,
  'kv destroy': async () => (await import('./commands/kv-versions.js')).kvDestroy,
  'kv undelete': async () => (await import('./commands/kv-versions.js')).kvUndelete,
  'kv list': async () => (await import('./commands/kv-list.js')).kvList,
  'kv metadata get': async () => (await import('./commands/kv-metadata-get.js')).kvMetadataGet,
  'kv metadata put': async () => (await import('./commands/kv-metadata-change.js')).kvMetadataPut,
  'kv metadata patch': async () => (await import('./commands/kv-metadata-change.js')).kvMetadataPatch,
  'kv metadata delete': async () => (await import('./commands/kv-metadata-change.js')).kvMetadataDelete,
  'kv rollback': async () => (await import('./commands/kv-rollback.js')).kvRollback,
  'kv enable-versioning': async () => (await import('./commands/kv-enable-versioning.js')).kvEnableVersioning,
}

/** The I/O of the running process. */
export function processIo(): VaultCliIo {
  return { env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, home: process.env['HOME'] || homedir() }
}

/** True when `word` starts a vault-style command (`status`, `kv`, `operator`...). */
export function isVaultCommandWord(word: string | undefined): boolean {
  return word !== undefined && Object.keys(VAULT_COMMANDS).some((path) => path.split(' ')[0] === word)
}

/**
 * Runs the vault-style command named by the leading words of `argv`. A group
 * word alone (`vault-emu operator`) lists its subcommands and exits 1, as vault does.
 */
export async function runVaultCommand(io: VaultCliIo, argvWithGlobals: readonly string[]): Promise<number> {
  const globals = takeGlobalFlags(argvWithGlobals, io.env)
  const argv = globals.argv
  io = { ...io, env: globals.env }
  // -output-policy is global in vault: taken out wherever it stands, it turns the run into a policy printer.
  const flagArea = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv
  if (!io.outputPolicy && flagArea.some((a) => a === '-output-policy' || a === '--output-policy')) {
    const { runOutputPolicy, withoutOutputPolicyFlag } = await import('./output-policy-client.js')
    return runOutputPolicy(io, (recording) => runVaultCommand(recording, withoutOutputPolicyFlag(argv)))
  }
  let best: string | undefined
  for (const path of Object.keys(VAULT_COMMANDS)) {
    const words = path.split(' ')
    if (words.every((w, i) => argv[i] === w) && (best === undefined || words.length > best.split(' ').length)) best = path
  }
  if (best === undefined) return printGroupHelp(io, argv)
  const args = argv.slice(best.split(' ').length)
  if (args.some((a) => a === '-h' || a === '-help' || a === '--help')) {
    io.stdout.write(commandHelp(best))
    return 0
  }
  const command = await (VAULT_COMMANDS[best] as () => Promise<VaultCommand>)()
  try {
    return await command(io, args)
  } catch (err) {
    return reportCommandError(io, err)
  }
}

/** Prints a failure the way vault does and returns its exit code; rethrows the unexpected. */
export function reportCommandError(io: VaultCliIo, err: unknown, prefix?: string): number {
  if (err instanceof FlagError || err instanceof CommandUsageError) {
    io.stderr.write(`${err.message}\n`)
    return 1
  }
  if (err instanceof KeyValueError) {
    io.stderr.write(`Failed to parse K=V data: ${err.message}\n`)
    return 1
  }
  if (err instanceof ApiError || err instanceof ConnectionError) {
    io.stderr.write(`${prefix ? `${prefix}: ` : ''}${err.message}\n`)
    return 2
  }
  throw err
}

/** Throws vault's message when the argument count is wrong. */
export function expectArgs(args: readonly string[], min: number, max = min): void {
  if (args.length < min) throw new CommandUsageError(`Not enough arguments (expected ${min === max ? min : `${min}-${max}`}, got ${args.length})`)
  if (args.length > max) throw new CommandUsageError(`Too many arguments (expected ${min === max ? max : `${min}-${max}`}, got ${args.length})`)
}

function printGroupHelp(io: VaultCliIo, argv: readonly string[]): number {
  const prefix: string[] = []
  for (const word of argv) {
    const candidate = [...prefix, word]
    if (!Object.keys(VAULT_COMMANDS).some((p) => startsWith(p.split(' '), candidate))) break
    prefix.push(word)
  }
  const subcommands = new Set(
    Object.keys(VAULT_COMMANDS)
      .map((p) => p.split(' '))
      .filter((words) => startsWith(words, prefix) && words.length > prefix.length)
      .map((words) => words[prefix.length] as string),
  )
  io.stderr.write(`Usage: vault-emu ${prefix.join(' ')} <subcommand> [options] [args]\n\nSubcommands:\n${[...subcommands].sort().map((s) => `    ${s}`).join('\n')}\n`)
  return 1
}

function startsWith(words: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((w, i) => words[i] === w)
}
