/**
 * The seal-status table shared by `status`, `operator unseal` and `operator init -status`:
 * vault prints `sys/seal-status` merged with `sys/leader` in one Key/Value table.
 */
import type { VaultClient } from './client.js'
import { ApiError } from './client.js'
import type { VaultCliIo } from './command.js'
import { printField, printFormatted, say, type OutputOptions } from './output.js'
import { keyValueTable } from './table.js'

/** `sys/seal-status` as the server sends it. */
export interface SealStatus {
  type: string
  initialized: boolean
  sealed: boolean
  t: number
  n: number
  progress: number
  nonce: string
  version: string
  build_date?: string
  migration: boolean
  cluster_name?: string
  cluster_id?: string
  recovery_seal: boolean
  recovery_seal_type?: string
  storage_type?: string
}

/** `sys/leader` (ignored while sealed, when vault reports HA as enabled). */
interface LeaderStatus {
  ha_enabled: boolean
  is_self?: boolean
  active_time?: string
  leader_address?: string
  leader_cluster_address?: string
  raft_committed_index?: number
  raft_applied_index?: number
}

export async function fetchSealStatus(client: VaultClient): Promise<SealStatus> {
  return (await client.request('GET', 'sys/seal-status')).json as SealStatus
}

async function fetchLeader(client: VaultClient): Promise<LeaderStatus> {
  try {
    return (await client.request('GET', 'sys/leader')).json as LeaderStatus
  } catch (err) {
    if (err instanceof ApiError && err.errors.some((e) => e.includes('Vault is sealed'))) return { ha_enabled: true }
    throw err
  }
}

/** Prints the seal status (with leader details unless `withLeader` is false) as vault does; returns 0 or 1. */
export async function printSealStatus(io: VaultCliIo, client: VaultClient, status: SealStatus, out: OutputOptions, withLeader = true): Promise<number> {
  const leader: LeaderStatus | undefined = withLeader ? await fetchLeader(client) : undefined
  const struct = sealStatusStruct(status, leader)
  if (out.field !== undefined) return printField(io, sealStatusField(status, leader, out.field), out, 'seal status')
  return printFormatted(io, out, struct, () => say(io, keyValueTable(sealStatusRows(status, leader))))
}

function sealStatusRows(s: SealStatus, leader: LeaderStatus | undefined): Array<[string, string]> {
  const prefix = s.recovery_seal ? 'Recovery ' : ''
  const rows: Array<[string, string]> = [['Seal Type', s.type]]
  if (s.recovery_seal) rows.push(['Recovery Seal Type', s.recovery_seal_type ?? ''])
  rows.push(['Initialized', String(s.initialized)], ['Sealed', String(s.sealed)], [`Total ${prefix}Shares`, String(s.n)], ['Threshold', String(s.t)])
  if (s.sealed) rows.push(['Unseal Progress', `${s.progress}/${s.t}`], ['Unseal Nonce', s.nonce])
  if (leader === undefined) return rows
  if (s.migration) rows.push(['Seal Migration in Progress', 'true'])
  if (s.version) rows.push(['Version', s.version])
  if (s.build_date) rows.push(['Build Date', s.build_date])
  if (s.storage_type) rows.push(['Storage Type', s.storage_type])
  if (s.cluster_name && s.cluster_id) rows.push(['Cluster Name', s.cluster_name], ['Cluster ID', s.cluster_id])
  rows.push(['HA Enabled', String(leader.ha_enabled)])
  if (leader.ha_enabled && !s.sealed) {
    rows.push(['HA Cluster', leader.leader_cluster_address ?? ''], ['HA Mode', leader.is_self ? 'active' : 'standby'])
    if (leader.is_self && leader.active_time) rows.push(['Active Since', leader.active_time])
    if (!leader.is_self && leader.leader_address) rows.push(['Active Node Address', leader.leader_address])
  }
  if (leader.raft_committed_index) rows.push(['Raft Committed Index', String(leader.raft_committed_index)])
  if (leader.raft_applied_index) rows.push(['Raft Applied Index', String(leader.raft_applied_index)])
  return rows
}

function sealStatusStruct(s: SealStatus, leader: LeaderStatus | undefined): Map<string, unknown> {
  const struct = new Map<string, unknown>([
    ['type', s.type],
    ['initialized', s.initialized],
    ['sealed', s.sealed],
    ['t', s.t],
    ['n', s.n],
    ['progress', s.progress],
    ['nonce', s.nonce],
    ['version', s.version],
    ['build_date', s.build_date ?? ''],
    ['migration', s.migration],
  ])
  if (s.cluster_name) struct.set('cluster_name', s.cluster_name)
  if (s.cluster_id) struct.set('cluster_id', s.cluster_id)
  struct.set('recovery_seal', s.recovery_seal)
  if (s.storage_type) struct.set('storage_type', s.storage_type)
  if (leader) {
    struct.set('ha_enabled', leader.ha_enabled)
    if (leader.is_self) struct.set('is_self', true)
    struct.set('active_time', leader.active_time ?? '0001-01-01T00:00:00Z')
    if (leader.leader_address) struct.set('leader_address', leader.leader_address)
    if (leader.leader_cluster_address) struct.set('leader_cluster_address', leader.leader_cluster_address)
    if (leader.raft_committed_index) struct.set('raft_committed_index', leader.raft_committed_index)
    if (leader.raft_applied_index) struct.set('raft_applied_index', leader.raft_applied_index)
  }
  return struct
}

function sealStatusField(s: SealStatus, leader: LeaderStatus | undefined, field: string): unknown {
  if (field === 'ha_mode') return leader?.is_self ? 'active' : 'standby'
  const value = sealStatusStruct(s, leader).get(field)
  return value
}
