/**
 * A device's salt: the key of the HMAC-SHA256 that hides sensitive strings in
 * its log (`hmac-sha256:<hex>`), and that `sys/audit-hash` exposes so a leaked
 * value can be found in the log. Random per device, stable for its lifetime.
 */
import { createHmac, createSecretKey } from 'node:crypto'
import type { KeyObject } from 'node:crypto'

/** Results kept per salt: tokens, accessors and secret values repeat on every request. */
const CACHE_LIMIT = 8192
/** Longer inputs are hashed every time rather than pinned in memory. */
const CACHEABLE_LENGTH = 512

export class AuditSalt {
  /** Imported once: an HMAC over a string key would convert and copy it on every call. */
  readonly #key: KeyObject
  readonly #cache = new Map<string, string>()

  constructor(key: string) {
    this.#key = createSecretKey(Buffer.from(key, 'utf8'))
  }

  hmac(value: string): string {
    const cached = this.#cache.get(value)
    if (cached !== undefined) return cached
    const hashed = `hmac-sha256:${createHmac('sha256', this.#key).update(value).digest('hex')}`
    if (value.length <= CACHEABLE_LENGTH) {
      if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear()
      this.#cache.set(value, hashed)
    }
    return hashed
  }
}
