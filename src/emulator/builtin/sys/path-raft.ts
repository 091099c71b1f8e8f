// API: https://developer.hashicorp.com/vault/api-docs/system/storage/raft
//      https://developer.hashicorp.com/vault/api-docs/system/storage/raftautopilot
// The emulator is a one-node integrated-storage cluster: itself, the leader and only voter.
import { definePath } from '../../framework/path.js'
import { internalError, invalidRequest } from '../../core/errors.js'
import type { Core } from '../../core/core.js'
import type { LogicalResponse } from '../../core/request.js'
import { VAULT_VERSION } from '../../core/version.js'
import { SnapshotArchiveError, buildRaftSnapshot, readRaftSnapshot } from '../../core/snapshot/raft-archive.js'
import { StateFormatError } from '../../core/seal/state-container.js'

export const RAFT_NODE_ID = 'node1'

/** `host:port` of the cluster listener: the API port + 1, as Vault's defaults have it. */
export function clusterAddress(core: Core): string {
  const m = /^https?:\/\/(.+):(\d+)$/.exec(core.apiAddress)
  return m ? `${m[1]}:${Number(m[2]) + 1}` : '127.0.0.1:8201'
}

export const raftConfigurationPath = definePath({
  pattern: 'storage/raft/configuration',
  operations: {
    read: ({ core }) => ({
      data: {
        config: {
          index: core.storage.version,
          servers: [{ node_id: RAFT_NODE_ID, address: clusterAddress(core), leader: true, protocol_version: '3', voter: true }],
        },
      },
    }),
  },
})

export const raftAutopilotStatePath = definePath({
  pattern: 'storage/raft/autopilot/state',
  operations: {
    read: ({ core }) => ({
      data: {
        healthy: true,
        failure_tolerance: 0,
        optimistic_failure_tolerance: 0,
        leader: RAFT_NODE_ID,
        voters: [RAFT_NODE_ID],
        servers: {
          [RAFT_NODE_ID]: {
            id: RAFT_NODE_ID,
            name: RAFT_NODE_ID,
            address: clusterAddress(core),
            node_status: 'alive',
            last_contact: '0s',
            last_term: 1,
            last_index: core.storage.version,
            healthy: true,
            stable_since: core.activeSince,
            status: 'leader',
            version: VAULT_VERSION,
            node_type: 'voter',
          },
        },
      },
    }),
  },
})

export const raftSnapshotPath = definePath({
  pattern: 'storage/raft/snapshot',
  operations: {
    read: ({ core }) => saveSnapshot(core),
    update: async ({ core, req }) => {
      await restoreSnapshot(core, req.rawBody, false)
      return undefined
    },
  },
})

export const raftSnapshotForcePath = definePath({
  pattern: 'storage/raft/snapshot-force',
  operations: {
    update: async ({ core, req }) => {
      await restoreSnapshot(core, req.rawBody, true)
      return undefined
    },
  },
})

function saveSnapshot(core: Core): LogicalResponse {
  const state = core.seal.exportState()
  const index = core.storage.version
  const meta = {
    Version: 1,
    ID: `1-${index}-${core.clock.now()}`,
    Index: index,
    Term: 1,
    Peers: '',
    Configuration: { Servers: [{ Suffrage: 0, ID: RAFT_NODE_ID, Address: clusterAddress(core) }] },
    ConfigurationIndex: 1,
    Size: state.length,
  }
  const body = buildRaftSnapshot({
    meta: Buffer.from(`${JSON.stringify(meta)}\n`),
    state,
    seal: (bytes) => core.seal.sealWithRootKey(bytes),
    mtime: core.clock.unix(),
  })
  return { raw: { status: 200, contentType: 'application/gzip', body } }
}

async function restoreSnapshot(core: Core, body: Uint8Array | undefined, force: boolean): Promise<void> {
  let state: Uint8Array
  try {
    const snapshot = readRaftSnapshot(body ?? new Uint8Array(), (sealed) => core.seal.openWithRootKey(sealed))
    if (!force && !snapshot.sealedByThisCluster) {
      throw invalidRequest('could not verify hash file, possibly the snapshot is using a different set of unseal keys; use the snapshot-force API to bypass this check')
    }
    state = snapshot.state
    await core.seal.restoreState(state)
  } catch (err) {
    if (err instanceof SnapshotArchiveError || err instanceof StateFormatError) throw internalError(err.message)
    throw err
  }
}
