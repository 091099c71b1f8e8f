/**
 * CIDR checks as AppRole does them (Go's net.ParseCIDR via sdk/helper/cidrutil):
 * `secret_id_bound_cidrs` and a secret ID's `cidr_list` must be real CIDR
 * blocks (a bare address is refused), and a secret ID's blocks must lie inside
 * the role's.
 */
import { BlockList, isIP } from 'node:net'
import { CidrError } from '../../../core/cidr.js'

interface Block {
  address: string
  bits: number
  family: 'ipv4' | 'ipv6'
}

/** Go's `invalid CIDR address: <text>` for anything that is not address/bits. */
function parseBlock(text: string): Block {
  const trimmed = text.trim()
  const slash = trimmed.indexOf('/')
  const address = slash === -1 ? '' : trimmed.slice(0, slash)
  const bitsText = slash === -1 ? '' : trimmed.slice(slash + 1)
  const version = isIP(address)
  const max = version === 6 ? 128 : 32
  const bits = /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : -1
  if (version === 0 || bits < 0 || bits > max) throw new CidrError(`invalid CIDR address: ${trimmed}`)
  return { address, bits, family: version === 6 ? 'ipv6' : 'ipv4' }
}

/** Throws {@link CidrError} with Go's text for the first malformed block. */
export function validateBlocks(blocks: readonly string[]): void {
  for (const b of blocks) parseBlock(b)
}

/** The address as Vault prints it (`::ffff:10.0.0.1` arrives as `10.0.0.1` in Go). */
export function displayAddress(address: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice('::ffff:'.length) : address
}

function contains(block: Block, address: string): boolean {
  const version = isIP(address)
  if (version === 0) return false
  const list = new BlockList()
  list.addSubnet(block.address, block.bits, block.family)
  return list.check(address, version === 6 ? 'ipv6' : 'ipv4')
}

export function addressInBlocks(address: string, blocks: readonly string[]): boolean {
  const ip = displayAddress(address)
  return blocks.some((b) => contains(parseBlock(b), ip))
}

/**
 * Whether every block of `inner` lies inside some block of `outer`. Role
 * token CIDRs may be bare addresses; they count as /32 (Vault appends it).
 */
export function blocksAreSubset(outer: readonly string[], inner: readonly string[]): boolean {
  const outerBlocks = outer.map((b) => parseBlock(b.includes('/') ? b : `${b}/32`))
  return inner.map(parseBlock).every((b) => outerBlocks.some((o) => b.bits >= o.bits && contains(o, b.address)))
}

/** Go's `%q` of a string slice: `["10.0.0.0/8" "192.168.0.0/16"]`. */
export function goQuotedList(items: readonly string[]): string {
  return `[${items.map((i) => JSON.stringify(i)).join(' ')}]`
}
