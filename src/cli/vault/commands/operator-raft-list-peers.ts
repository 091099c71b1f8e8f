/** `vault operator raft list-peers`: the raft configuration as a Node/Address/State/Voter table. */
import { VaultClient } from '../client.js'
import { reportCommandError, type VaultCommand } from '../command.js'
import { OUTPUT_FLAGS, parseFlags } from '../flags.js'
import { fail, outputOptions, printSecret, say } from '../output.js'
import { table } from '../table.js'

interface RaftServer {
  node_id: string
  address: string
  leader: boolean
  voter: boolean
}

export const operatorRaftListPeers: VaultCommand = async (io, argv) => {
  const { flags } = parseFlags(argv, OUTPUT_FLAGS)
  const client = await VaultClient.fromIo(io)
  let secret
  try {
    secret = await client.read('sys/storage/raft/configuration')
  } catch (err) {
    return reportCommandError(io, err, 'Error reading the raft cluster configuration')
  }
  if (!secret) {
    fail(io, 'No raft cluster configuration found')
    return 2
  }
  const out = outputOptions(io, flags)
  if (out.format !== 'table') return printSecret(io, secret, { format: out.format })
  const servers = ((secret.data?.['config'] as { servers?: RaftServer[] } | undefined)?.servers ?? [])
  say(io, table(['Node', 'Address', 'State', 'Voter'], servers.map((s) => [s.node_id, s.address, s.leader ? 'leader' : 'follower', String(s.voter)])))
  return 0
}
