/**
 * `vault operator raft autopilot state`: the cluster's health in vault's
 * "pretty" layout (its default format here), or JSON/YAML.
 */
import { VaultClient } from '../client.js'
import { CommandUsageError, reportCommandError, type VaultCommand } from '../command.js'
import { flag, parseFlags } from '../flags.js'
import { compareStrings } from '../go-format.js'
import { printFormatted, say } from '../output.js'

interface AutopilotServer {
  id: string
  name: string
  address: string
  status: string
  node_status: string
  healthy: boolean
  last_contact: string
  last_term: number
  last_index: number
  version: string
  upgrade_version?: string
  node_type?: string
}

interface AutopilotState {
  healthy: boolean
  failure_tolerance: number
  optimistic_failure_tolerance?: number
  leader: string
  voters: string[]
  non_voters?: string[]
  servers: Record<string, AutopilotServer>
}

function pretty(state: AutopilotState): string {
  const lines = [
    `Healthy:                         ${state.healthy}`,
    `Failure Tolerance:               ${state.failure_tolerance}`,
    `Leader:                          ${state.leader}`,
    'Voters:',
    ...state.voters.map((v) => `   ${v}`),
  ]
  if (state.non_voters && state.non_voters.length > 0) lines.push('Non Voters:', ...state.non_voters.map((v) => `   ${v}`))
  if (state.optimistic_failure_tolerance) lines.push(`Optimistic Failure Tolerance:    ${state.optimistic_failure_tolerance}`)
  lines.push('Servers:')
  for (const id of Object.keys(state.servers).sort(compareStrings)) {
    const s = state.servers[id] as AutopilotServer
    lines.push(
      `   ${s.id}`,
      `      Name:              ${s.name}`,
      `      Address:           ${s.address}`,
      `      Status:            ${s.status}`,
      `      Node Status:       ${s.node_status}`,
      `      Healthy:           ${s.healthy}`,
      `      Last Contact:      ${s.last_contact}`,
      `      Last Term:         ${s.last_term}`,
      `      Last Index:        ${s.last_index}`,
      `      Version:           ${s.version}`,
    )
    if (s.upgrade_version) lines.push(`      Upgrade Version:   ${s.upgrade_version}`)
    if (s.node_type) lines.push(`      Node Type:         ${s.node_type}`)
  }
  return `${lines.join('\n')}\n`
}

export const operatorRaftAutopilotState: VaultCommand = async (io, argv) => {
  const { flags, args } = parseFlags(argv, { format: flag.string() })
  if (args.length !== 0) throw new CommandUsageError(`Incorrect arguments (expected 0, got ${args.length})`)
  const client = await VaultClient.fromIo(io)
  let state: AutopilotState | undefined
  try {
    state = (await client.read('sys/storage/raft/autopilot/state'))?.data as AutopilotState | undefined
  } catch (err) {
    return reportCommandError(io, err, 'Error checking autopilot state')
  }
  if (!state) return 0
  const format = (flags.format || io.env['VAULT_FORMAT'] || 'pretty').toLowerCase()
  if (format === 'pretty') {
    say(io, pretty(state))
    return 0
  }
  return printFormatted(io, { format }, state, () => say(io, pretty(state)))
}
