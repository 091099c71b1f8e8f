/**
 * Vault's `tokenutil.UpgradeValue`: what a role or user remembers under a
 * deprecated name (`policies`, `ttl`, `period`...), which reads show back.
 * Written under the old name only: the old name keeps the value. Written
 * under the new name: the old one follows it if also sent, else is cleared.
 */
import type { RequestContext } from '../../framework/path.js'

export function upgradedLegacy<T>(ctx: RequestContext, names: { legacy: string; current: string }, stored: T, value: T, zero: T): T {
  if (ctx.has(names.current)) return ctx.has(names.legacy) ? value : zero
  if (ctx.has(names.legacy)) return value
  return stored
}
