/** CIDR membership for `bound_cidrs` / `token_bound_cidrs` / `secret_id_bound_cidrs`. */
import { BlockList, isIP } from 'node:net'

export class CidrError extends Error {
  override name = 'CidrError'
}

function normalise(address: string): { addr: string; family: 'ipv4' | 'ipv6' } | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  const addr = mapped?.[1] ?? address
  const v = isIP(addr)
  if (v === 4) return { addr, family: 'ipv4' }
  if (v === 6) return { addr, family: 'ipv6' }
  return undefined
}

/** Throws {@link CidrError} for a malformed entry (`192.168.0.0/33`, `foo`). */
export function parseCidrs(cidrs: readonly string[]): BlockList {
  const list = new BlockList()
  for (const raw of cidrs) {
    const [address = '', bitsText] = raw.trim().split('/')
    const ip = normalise(address)
    if (!ip) throw new CidrError(`invalid CIDR ${JSON.stringify(raw)}`)
    const max = ip.family === 'ipv4' ? 32 : 128
    const bits = bitsText === undefined ? max : Number(bitsText)
    if (!Number.isInteger(bits) || bits < 0 || bits > max) throw new CidrError(`invalid CIDR ${JSON.stringify(raw)}`)
    list.addSubnet(ip.addr, bits, ip.family)
  }
  return list
}

/** True when no CIDRs are bound, or the address is inside one of them. */
export function addressAllowed(cidrs: readonly string[], address: string): boolean {
  if (cidrs.length === 0) return true
  const ip = normalise(address)
  if (!ip) return false
  return parseCidrs(cidrs).check(ip.addr, ip.family)
}
