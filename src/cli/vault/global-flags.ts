/**
 * The HTTP flags every vault command accepts (`-address`, `-namespace`,
 * `-tls-skip-verify`, ...). They are taken out of the arguments before the
 * command parses its own flags; `-address` overrides `VAULT_ADDR`, the TLS
 * and namespace flags are accepted and have no effect on the emulator's plain
 * HTTP listener.
 *
 * @example
 * const { argv, env } = takeGlobalFlags(['-address=http://127.0.0.1:8300', 'status'], process.env)
 * // argv = ['status'], env.VAULT_ADDR = 'http://127.0.0.1:8300'
 */

/** Global flags that take a value, mapped to the environment variable they stand for. */
const VALUE_FLAGS: Record<string, string | undefined> = {
  address: 'VAULT_ADDR',
  'agent-address': 'VAULT_AGENT_ADDR',
  namespace: 'VAULT_NAMESPACE',
  ns: 'VAULT_NAMESPACE',
  'ca-cert': 'VAULT_CACERT',
  'ca-path': 'VAULT_CAPATH',
  'client-cert': 'VAULT_CLIENT_CERT',
  'client-key': 'VAULT_CLIENT_KEY',
  'tls-server-name': 'VAULT_TLS_SERVER_NAME',
  'wrap-ttl': undefined,
  header: undefined,
  mfa: undefined,
  'unlock-key': undefined,
}

const BOOL_FLAGS = new Set(['tls-skip-verify', 'disable-redirects', 'policy-override'])

/** Removes the global flags from `argv` and returns the environment they imply. */
export function takeGlobalFlags(argv: readonly string[], env: NodeJS.ProcessEnv): { argv: string[]; env: NodeJS.ProcessEnv } {
  const rest: string[] = []
  const out: NodeJS.ProcessEnv = { ...env }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--') {
      rest.push(...argv.slice(i))
      break
    }
    const match = /^--?([a-z-]+)(?:=(.*))?$/s.exec(arg)
    const name = match?.[1]
    if (match && name !== undefined && BOOL_FLAGS.has(name)) continue
    if (match && name !== undefined && Object.hasOwn(VALUE_FLAGS, name)) {
      const value = match[2] ?? argv[++i] ?? ''
      const variable = VALUE_FLAGS[name]
      if (variable) out[variable] = value
      continue
    }
    rest.push(arg)
  }
  return { argv: rest, env: out }
}
