/**
 * Which names a role lets into a certificate (Vault's `validateNames` and
 * `validateCommonName`): hostname syntax, wildcards, localhost, and the
 * allowed domains as bare names, subdomains or globs.
 */
import { domainToASCII } from 'node:url'

export interface NamePolicy {
  allow_any_name: boolean
  enforce_hostnames: boolean
  allow_localhost: boolean
  allow_subdomains: boolean
  allow_bare_domains: boolean
  allow_glob_domains: boolean
  allow_wildcard_certificates: boolean
  allowed_domains: string[]
  /** `["disabled"]`, or any of `email`, `hostname`. */
  cn_validations: string[]
}

const LABEL = '([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\\-]*[a-zA-Z0-9])'
const HOSTNAME = new RegExp(`^(\\*\\.)?(${LABEL}\\.)*${LABEL}\\.?$`)
const LEFT_WILD_LABEL = new RegExp(`^(\\*|\\*${LABEL}|${LABEL}\\*|${LABEL}\\*${LABEL})$`)

/** IDNA to ASCII (undefined when the name cannot be converted); ASCII names pass unchanged. */
export function toAsciiHostname(name: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(name)) return name
  const converted = domainToASCII(name)
  return converted === '' ? undefined : converted
}

/** Whether `name` is a DNS name Vault puts in the SANs (after IDNA conversion). */
export function isHostname(name: string): boolean {
  return HOSTNAME.test(name)
}

/** ryanuber/go-glob: `*` matches any run of characters, dots included. */
export function globMatch(pattern: string, subject: string): boolean {
  const parts = pattern.split('*')
  if (parts.length === 1) return pattern === subject
  const first = parts[0] as string
  const last = parts[parts.length - 1] as string
  if (!subject.startsWith(first)) return false
  let at = first.length
  for (const middle of parts.slice(1, -1)) {
    const found = subject.indexOf(middle, at)
    if (found === -1) return false
    at = found + middle.length
  }
  return subject.length - last.length >= at && subject.endsWith(last)
}

function splitWildcard(name: string): { label: string; rest: string } | undefined {
  if ((name.match(/\*/g) ?? []).length > 1) return undefined
  const dot = name.indexOf('.')
  if (dot === -1) return { label: name, rest: '' }
  const rest = name.slice(dot + 1)
  return rest.includes('*') ? undefined : { label: name.slice(0, dot), rest }
}

const eqFold = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()

/** The first name the role does not allow, or undefined when all pass. */
export function firstDisallowedName(role: NamePolicy, names: readonly string[]): string | undefined {
  for (const name of names) {
    let reduced = name
    let emailDomain = name
    let wildcardLabel = ''
    let isEmail = false
    let isWildcard = false
    if (reduced.includes('@')) {
      const parts = reduced.split('@')
      if (parts.length !== 2) return name
      reduced = parts[1] as string
      emailDomain = reduced
      isEmail = true
    }
    if (reduced.includes('*')) {
      isWildcard = true
      if (!role.allow_wildcard_certificates) return name
      const split = splitWildcard(reduced)
      if (!split) return name
      wildcardLabel = split.label
      reduced = split.rest
    }
    if (isEmail && isWildcard) return name
    if (role.enforce_hostnames) {
      if (reduced !== '') {
        const ascii = toAsciiHostname(reduced)
        if (ascii === undefined || !HOSTNAME.test(ascii)) return name
      }
      if (isWildcard && !LEFT_WILD_LABEL.test(wildcardLabel)) return name
    }
    if (role.allow_any_name) continue
    if (role.allow_localhost) {
      if (reduced === 'localhost' || reduced === 'localdomain' || (isEmail && (emailDomain === 'localhost' || emailDomain === 'localdomain'))) continue
      if (role.allow_subdomains) {
        if (reduced.endsWith('.localhost') || (isWildcard && reduced === 'localhost')) continue
        if (reduced.endsWith('.localdomain') || (isWildcard && reduced === 'localdomain')) continue
      }
    }
    const allowed = role.allowed_domains.some((domain) => {
      if (domain === '') return false
      if (role.allow_bare_domains && (eqFold(name, domain) || (isEmail && eqFold(emailDomain, domain)))) return true
      if (role.allow_subdomains && (reduced.endsWith(`.${domain}`) || (isWildcard && eqFold(reduced, domain)))) return true
      return role.allow_glob_domains && domain.includes('*') && globMatch(domain, name)
    })
    if (!allowed) return name
  }
  return undefined
}

/** Vault's `validateCommonName`: the name when refused, else undefined. */
export function disallowedCommonName(role: NamePolicy, name: string): string | undefined {
  if (role.cn_validations.length === 1 && role.cn_validations[0] === 'disabled') return undefined
  if (firstDisallowedName(role, [name]) !== undefined) return name
  if (role.cn_validations.length === 0) return undefined
  if (name.includes('@')) return role.cn_validations.includes('email') ? undefined : name
  return role.cn_validations.includes('hostname') ? undefined : name
}
