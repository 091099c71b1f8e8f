/**
 * vault-emu: a HashiCorp Vault emulator for laptops, tests and CI.
 *
 * @example
 * import { startVaultEmulator } from 'vault-emu'
 * const vault = await startVaultEmulator({ port: 0 })
 * // point any Vault client at vault.addr with vault.rootToken
 */
export { startVaultEmulator, createVaultEmulator } from './emulator/emulator.js'
export type { VaultEmulator, VaultEmulatorOptions } from './emulator/emulator.js'
export { Clock } from './emulator/core/clock.js'
export type { ClockMode, ClockOptions, ClockStatus } from './emulator/core/clock.js'
export type { CallOptions, CallResult } from './emulator/transport/in-process.js'
export { VaultError } from './emulator/core/errors.js'
export type { SealMode } from './emulator/core/seal/seal-manager.js'
export type { EmulatorSnapshot } from './emulator/core/snapshot/memory-snapshot.js'
export { decodeRootToken } from './emulator/core/seal/root-token-otp.js'
export type { AuditAccess } from './emulator/core/audit/audit-access.js'
export type { AuditLogEntry, AuditAuth, AuditRequest, AuditResponse } from './emulator/core/audit/entry-types.js'
export type { KubernetesAccess, ServiceAccountTokenOptions } from './emulator/kubernetes/kubernetes-access.js'
