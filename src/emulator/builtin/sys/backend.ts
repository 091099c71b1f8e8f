/** The system backend (`sys/`): mounts, auth methods, policies, capabilities, health. */
import { defineBackend } from '../../framework/backend.js'
import { healthPath, initPath, leaderPath, sealStatusPath } from './path-health.js'
import { mountPath, mountTunePath, mountsListPath } from './path-mounts.js'
import { authListPath, authMountPath, authTunePath } from './path-auth.js'
import { legacyPolicyListPath, legacyPolicyListSlashPath, legacyPolicyPath, policiesAclListPath, policiesAclPath } from './path-policies.js'
import { capabilitiesAccessorPath, capabilitiesPath, capabilitiesSelfPath } from './path-capabilities.js'
import { internalUiMountPath, internalUiMountsPath } from './path-internal-ui.js'
import { toolsHashPath, toolsRandomPath } from './path-tools.js'
import { leasePaths } from './path-leases.js'
import { auditDevicePath, auditHashPath, auditListPath } from './path-audit.js'
import { sealPath, unsealPath } from './path-seal.js'
import { decodeTokenPath, generateRootAttemptPath, generateRootUpdatePath } from './path-generate-root.js'
import { rekeyInitPath, rekeyUpdatePath } from './path-rekey.js'
import { raftAutopilotStatePath, raftConfigurationPath, raftSnapshotForcePath, raftSnapshotPath } from './path-raft.js'
import { haStatusPath, hostInfoPath, keyStatusPath, metricsPath, stepDownPath, tokenCountersPath, versionHistoryPath } from './path-misc.js'

export const systemBackend = defineBackend({
  kind: 'system',
  unauthenticated: ['init', 'seal-status', 'unseal', 'health', 'leader', 'wrapping/lookup', 'internal/ui/mounts', 'internal/ui/mounts/*', 'generate-root', 'generate-root/*', 'rekey/*', 'decode-token'],
  sudo: ['auth/*', 'audit', 'audit/*', 'remount', 'rotate', 'raw/*', 'leases/revoke-prefix/*', 'leases/revoke-force/*', 'leases/lookup/*', 'leases', 'revoke-prefix/*', 'revoke-force/*', 'seal', 'step-down', 'host-info', 'storage/raft/snapshot', 'storage/raft/snapshot-force'],
  paths: [
    healthPath,
    sealStatusPath,
    leaderPath,
    initPath,
    unsealPath,
    sealPath,
    generateRootAttemptPath,
    generateRootUpdatePath,
    rekeyInitPath,
    rekeyUpdatePath,
    decodeTokenPath,
    raftConfigurationPath,
    raftAutopilotStatePath,
    raftSnapshotPath,
    raftSnapshotForcePath,
    mountsListPath,
    mountTunePath,
    mountPath,
    authListPath,
    authTunePath,
    authMountPath,
    auditListPath,
    auditDevicePath,
    auditHashPath,
    policiesAclListPath,
    policiesAclPath,
    legacyPolicyListPath,
    legacyPolicyListSlashPath,
    legacyPolicyPath,
    capabilitiesPath,
    capabilitiesSelfPath,
    capabilitiesAccessorPath,
    internalUiMountsPath,
    internalUiMountPath,
    toolsRandomPath,
    toolsHashPath,
    versionHistoryPath,
    keyStatusPath,
    haStatusPath,
    stepDownPath,
    hostInfoPath,
    tokenCountersPath,
    metricsPath,
    ...leasePaths,
  ],
})
