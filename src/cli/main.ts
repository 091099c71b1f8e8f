/** The `vault-emu` command: wires arguments to the emulator (composition root only). */
import { UsageError } from './usage-error.js'

const USAGE = `Usage: vault-emu <command> [options]

Commands:
  up        start the emulator (vault-emu up --help)
  clock     drive a running emulator's virtual clock (vault-emu clock --help)
  k8s       mint a service-account token of the fake Kubernetes cluster (vault-emu k8s --help)
  validate  check vault.config.yaml, policies/ and roles/ (vault-emu validate --help)
  test      run the policy tests in policies/tests/ (vault-emu test --help)
  agent     run a Vault Agent from its HCL config (vault-emu agent -config=agent.hcl)
  lesson    list the Vault lesson's exercises, check your answers (vault-emu lesson --help)

Vault commands: the vault CLI's names, flags (-format=json, -field=...) and output,
against VAULT_ADDR (default http://127.0.0.1:8200) with VAULT_TOKEN or ~/.vault-token:
  status                                   seal status and HA state (exit 2 when sealed)
  login [token] | -method=userpass|approle authenticate; stores the token in ~/.vault-token
  operator init|unseal|seal                the seal ceremony
  operator generate-root | rekey           a new root token, or new unseal keys, from key shares
  operator raft list-peers | autopilot state | snapshot save|restore <file>
  secrets enable|disable|list              secrets engines
  auth enable|disable|list                 auth methods
  audit enable|disable|list                audit devices
  policy write|read|list|delete|fmt        ACL policies
  token create|lookup|renew|revoke|capabilities
  lease lookup|renew|revoke                leases
  kv put|get|patch|list|delete|destroy|undelete|metadata ...
  read|write|list|delete <path>            any API path

Run "vault-emu <command> --help" for a command's options.`

/** Each command's module loads only when that command runs: `up` starts faster without the others' libraries. */
const COMMANDS = {
  up: async () => {
    const m = await import('./up.js')
    return { usage: m.UP_USAGE, run: async (args: string[]) => (await m.up(args), -1) } // keeps running until a signal
  },
  clock: async () => {
    const m = await import('./clock.js')
    return { usage: m.CLOCK_USAGE, run: (args: string[]) => m.clock(args) }
  },
  k8s: async () => {
    const m = await import('./k8s.js')
    return { usage: m.K8S_USAGE, run: (args: string[]) => m.k8s(args) }
  },
  validate: async () => {
    const m = await import('./validate.js')
    return { usage: m.VALIDATE_USAGE, run: (args: string[]) => m.validate(args) }
  },
  test: async () => {
    const m = await import('./test-policies.js')
    return { usage: m.TEST_USAGE, run: (args: string[]) => m.testPolicies(args) }
  },
  lesson: async () => {
    const m = await import('./lesson.js')
    return { usage: m.LESSON_USAGE, run: (args: string[]) => m.lesson(args) }
  },
  agent: async () => {
    const m = await import('./agent.js')
    return { usage: m.AGENT_USAGE, run: (args: string[]) => m.agent(args) }
  },
} satisfies Record<string, () => Promise<{ usage: string; run(args: string[]): Promise<number> }>>

function isCommand(name: string | undefined): name is keyof typeof COMMANDS {
  return name !== undefined && Object.hasOwn(COMMANDS, name)
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  let usage = USAGE
  try {
    if (!isCommand(command)) {
      const vault = await import('./vault/command.js')
      if (vault.isVaultCommandWord(command)) return await vault.runVaultCommand(vault.processIo(), argv)
    }
    if (isCommand(command)) {
      const loaded = await COMMANDS[command]()
      usage = loaded.usage
      return await loaded.run(rest)
    }
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(`${USAGE}\n`)
        return command === undefined ? 2 : 0
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`)
    }
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) {
      process.stderr.write(`vault-emu: ${(err as Error).message}\n\n${usage}\n`)
      return 2
    }
    const code = (err as { code?: string }).code
    if (code === 'EADDRINUSE') {
      process.stderr.write(`vault-emu: the port is already in use (${(err as Error).message}); pick another with --port\n`)
      return 1
    }
    const message = err instanceof Error ? err.message.replace(/^\[vault-emu\] /, '') : String(err)
    process.stderr.write(`vault-emu: ${message}\n`)
    return command === 'validate' || command === 'test' ? 2 : 1
  }
}

function isParseArgsError(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
}
