/**
 * The mount table: which backend serves which path prefix (Vault's router and
 * mount table). Entries live in storage (so snapshots carry them); backend
 * instances live here and are rebuilt from the entries.
 */
import type { Backend } from '../framework/backend.js'

export type MountClass = 'secret' | 'auth'

export interface MountConfig {
  /** Tuned values in seconds; 0 = inherit the system's 768h. */
  default_lease_ttl: number
  max_lease_ttl: number
  force_no_cache: boolean
  audit_non_hmac_request_keys?: string[]
  audit_non_hmac_response_keys?: string[]
  listing_visibility?: string
  passthrough_request_headers?: string[]
  allowed_response_headers?: string[]
  token_type?: string
}

export interface MountEntry {
  /** `secret/`, or `auth/approle/` for auth mounts (always a trailing slash). */
  path: string
  class: MountClass
  type: string
  description: string
  accessor: string
  uuid: string
  local: boolean
  seal_wrap: boolean
  external_entropy_access: boolean
  options: Record<string, string> | null
  config: MountConfig
  plugin_version: string
  running_plugin_version: string
}

export const SYSTEM_MAX_TTL = 768 * 3600

export interface Mounted {
  entry: MountEntry
  backend: Backend
}

export class MountTable {
  #byPath = new Map<string, Mounted>()
  #sorted: Mounted[] = []
  #version = 0

  /** Changes whenever a mount is added, replaced or removed. */
  get version(): number {
    return this.#version
  }

  add(mounted: Mounted): void {
    this.#byPath.set(mounted.entry.path, mounted)
    this.#resort()
  }

  remove(path: string): Mounted | undefined {
    const found = this.#byPath.get(path)
    if (found) {
      this.#byPath.delete(path)
      this.#resort()
    }
    return found
  }

  get(path: string): Mounted | undefined {
    return this.#byPath.get(path)
  }

  clear(): Mounted[] {
    const all = [...this.#byPath.values()]
    this.#byPath.clear()
    this.#sorted = []
    this.#version++
    return all
  }

  all(klass?: MountClass): Mounted[] {
    const list = [...this.#byPath.values()]
    return klass ? list.filter((m) => m.entry.class === klass) : list
  }

  /** Longest mount prefix of `path`; `secret` (no slash) also finds `secret/`. */
  match(path: string): Mounted | undefined {
    for (const m of this.#sorted) {
      if (path.startsWith(m.entry.path) || path + '/' === m.entry.path) return m
    }
    return undefined
  }

  /** A mount whose path is a prefix of `path` or has `path` as a prefix (Vault refuses both). */
  conflicting(path: string): Mounted | undefined {
    for (const m of this.#sorted) {
      if (path.startsWith(m.entry.path) || m.entry.path.startsWith(path)) return m
    }
    return undefined
  }

  #resort(): void {
    this.#version++
    this.#sorted = [...this.#byPath.values()].sort((a, b) => b.entry.path.length - a.entry.path.length)
  }
}

/** Effective TTLs of a mount: tuned values, or the system's. */
export function effectiveTtls(entry: MountEntry): { defaultTtl: number; maxTtl: number } {
  const maxTtl = entry.config.max_lease_ttl || SYSTEM_MAX_TTL
  const defaultTtl = Math.min(entry.config.default_lease_ttl || SYSTEM_MAX_TTL, maxTtl)
  return { defaultTtl, maxTtl }
}
