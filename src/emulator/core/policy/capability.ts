/**
 * Capability names, their bit flags (one merged rule = one bitmap) and the
 * expansion of the legacy `policy = "..."` shorthand.
 */

export type Capability = 'create' | 'read' | 'update' | 'patch' | 'delete' | 'list' | 'sudo' | 'deny'

export const CAPABILITIES: readonly Capability[] = Object.freeze([
  'create',
  'read',
  'update',
  'patch',
  'delete',
  'list',
  'sudo',
  'deny',
])

export const CAP_BIT: Readonly<Record<Capability, number>> = Object.freeze({
  deny: 1,
  create: 2,
  read: 4,
  update: 8,
  delete: 16,
  list: 32,
  sudo: 64,
  patch: 128,
})

export const DENY_BIT = CAP_BIT.deny
export const SUDO_BIT = CAP_BIT.sudo

/** Capabilities Vault accepts in a policy but the emulator has nothing to gate with. */
export const IGNORED_CAPABILITIES: ReadonlySet<string> = new Set(['subscribe', 'recover'])

const CAPABILITY_SET: ReadonlySet<string> = new Set(CAPABILITIES)

export function isCapability(value: unknown): value is Capability {
  return typeof value === 'string' && CAPABILITY_SET.has(value)
}

/** Alphabetical, as sys/capabilities reports them. */
const SORTED: readonly Capability[] = [...CAPABILITIES].sort()

export function capabilitiesToBits(caps: readonly Capability[]): number {
  let bits = 0
  for (const cap of caps) bits |= CAP_BIT[cap]
  return bits
}

/** Names of the bits set, sorted alphabetically. */
export function bitsToCapabilities(bits: number): Capability[] {
  const out: Capability[] = []
  for (const cap of SORTED) if (bits & CAP_BIT[cap]) out.push(cap)
  return out
}

/** Canonical order (CAPABILITIES order), without duplicates. */
export function normalizeCapabilities(caps: readonly Capability[]): Capability[] {
  const bits = capabilitiesToBits(caps)
  return CAPABILITIES.filter((cap) => (bits & CAP_BIT[cap]) !== 0)
}

/** The legacy `policy = "<word>"` shorthand. `deny` replaces everything else. */
export const LEGACY_POLICY: ReadonlyMap<string, readonly Capability[]> = new Map<string, readonly Capability[]>([
  ['deny', ['deny']],
  ['read', ['read', 'list']],
  ['write', ['create', 'read', 'update', 'delete', 'list']],
  ['sudo', ['create', 'read', 'update', 'delete', 'list', 'sudo']],
])
