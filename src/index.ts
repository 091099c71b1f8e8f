/**
 * vault-emu: a HashiCorp Vault emulator for laptops, tests and CI.
 *
 * @example
 * import { startVaultEmulator } from 'vault-emu'
 * const vault = await startVaultEmulator({ port: 0 })
 * // point any Vault client at vault.addr with vault.rootToken
 */
export { startVaultEmulator, createVaultEmulator } from './emulator/emulator.js'
export type { TokenOptions, VaultEmulator, VaultEmulatorOptions } from './emulator/emulator.js'
export { Clock } from './emulator/core/clock.js'
export type { ClockMode, ClockOptions, ClockStatus } from './emulator/core/clock.js'
export type { CallOptions, CallResult } from './emulator/transport/in-process.js'
export { VaultError } from './emulator/core/errors.js'
export type { SealMode } from './emulator/core/seal/seal-manager.js'
export type { EmulatorSnapshot } from './emulator/core/snapshot/memory-snapshot.js'
export { FaultError } from './emulator/core/faults.js'
export type { ActiveFault, FaultAuditEntry, FaultInjector } from './emulator/core/faults.js'
export { decodeRootToken } from './emulator/core/seal/root-token-otp.js'
export type { AuditAccess } from './emulator/core/audit/audit-access.js'
export type { AuditLogEntry, AuditAuth, AuditRequest, AuditResponse } from './emulator/core/audit/entry-types.js'
export type { KubernetesAccess, ServiceAccountTokenOptions } from './emulator/kubernetes/kubernetes-access.js'
export { ConfigError } from './config-loader/config-error.js'
export type { SourcePosition } from './config-loader/config-error.js'
export type { VaultConfig, RoleEntry } from './config-loader/types.js'
export { validateConfig } from './config-loader/validate.js'
export type { ValidateOptions } from './config-loader/validate.js'
export { watchConfig } from './config-loader/watch.js'
export type { ConfigWatcher, ReloadResult, WatchConfigOptions } from './config-loader/watch.js'
export type { Diagnostic, Severity } from './config-loader/diagnostic.js'
export { runPolicyTests } from './config-loader/policy-tests.js'
export type { PolicyTestRun, PolicyTestResult } from './config-loader/policy-tests.js'
