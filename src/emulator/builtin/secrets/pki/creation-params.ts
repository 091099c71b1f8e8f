/**
 * What goes into a certificate, decided the way Vault's
 * `generateCreationBundle` decides it: common name and SANs from the request
 * (or the CSR), checked against the role; IP SANs; subject fields from the
 * role; validity from the requested TTL and the limits.
 */
import { isIP } from 'node:net'
import type { SubjectFields } from './cert-factory.js'
import type { NamePolicy } from './name-policy.js'
import { disallowedCommonName, firstDisallowedName, isHostname, toAsciiHostname } from './name-policy.js'
import { certificateNotAfter } from './not-after.js'
import type { NotAfterInput } from './not-after.js'
import { pkiUserError } from './pki-error.js'

export interface CreationRole extends NamePolicy {
  ttl: number
  max_ttl: number
  allow_ip_sans: boolean
  allowed_uri_sans: string[]
  require_cn: boolean
  use_csr_common_name: boolean
  use_csr_sans: boolean
  not_before_duration: number
  ou: string[]
  organization: string[]
  country: string[]
  locality: string[]
  province: string[]
  street_address: string[]
  postal_code: string[]
}

export interface CreationRequest {
  common_name: string
  alt_names: string
  ip_sans: string[]
  uri_sans: string[]
  ttl: number
  not_after: string
  exclude_cn_from_sans: boolean
}

/** What a CSR brings, when signing one. */
export interface CsrNames {
  commonName: string
  dnsNames: string[]
  emails: string[]
  ipAddresses: string[]
  uris: string[]
}

export interface CreationParams {
  subject: SubjectFields
  dnsNames: string[]
  emails: string[]
  ipAddresses: string[]
  uris: string[]
  notBeforeMs: number
  notAfterMs: number
  warnings: string[]
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}

function hostnameOf(name: string): string | undefined {
  const ascii = toAsciiHostname(name)
  if (ascii === undefined) throw pkiUserError(`idna: invalid label ${JSON.stringify(name)}`)
  return isHostname(ascii) ? ascii : undefined
}

export function creationParams(
  role: CreationRole,
  req: CreationRequest,
  csr: CsrNames | undefined,
  limits: Omit<NotAfterInput, 'ttl' | 'notAfter' | 'roleTtl' | 'roleMaxTtl'>,
): CreationParams {
  let cn = csr && role.use_csr_common_name ? csr.commonName : ''
  if (cn === '') {
    cn = req.common_name
    if (cn === '' && role.require_cn) {
      throw pkiUserError('the common_name field is required, or must be provided in a CSR with "use_csr_common_name" set to true, unless "require_cn" is set to false')
    }
  }
  const dnsNames: string[] = csr && role.use_csr_sans ? [...csr.dnsNames] : []
  const emails: string[] = csr && role.use_csr_sans ? [...csr.emails] : []
  if (cn !== '' && !req.exclude_cn_from_sans) {
    if (cn.includes('@')) emails.push(cn)
    else {
      const host = hostnameOf(cn)
      if (host !== undefined) dnsNames.push(host)
    }
  }
  if (!csr || !role.use_csr_sans) {
    for (const alt of unique(req.alt_names.trim() === '' ? [] : req.alt_names.split(',').map((s) => s.trim()))) {
      if (alt.includes('@')) emails.push(alt)
      else {
        const host = hostnameOf(alt)
        if (host !== undefined) dnsNames.push(host)
      }
    }
  }
  if (cn !== '') {
    const bad = disallowedCommonName(role, cn)
    if (bad !== undefined) throw pkiUserError(`common name ${bad} not allowed by this role`)
  }
  const badSan = firstDisallowedName(role, dnsNames)
  if (badSan !== undefined) throw pkiUserError(`subject alternate name ${badSan} not allowed by this role`)
  const badEmail = firstDisallowedName(role, emails)
  if (badEmail !== undefined) throw pkiUserError(`email address ${badEmail} not allowed by this role`)

  let ipAddresses: string[]
  let ipSource = 'the API'
  if (csr && role.use_csr_sans) {
    ipAddresses = csr.ipAddresses
    ipSource = 'CSR'
  } else {
    ipAddresses = req.ip_sans.map((ip) => {
      if (isIP(ip) === 0) throw pkiUserError(`the value ${JSON.stringify(ip)} is not a valid IP address`)
      return ip
    })
  }
  if (ipAddresses.length > 0 && !role.allow_ip_sans) {
    throw pkiUserError(`IP Subject Alternative Names are not allowed in this role, but was provided via ${ipSource}`)
  }

  const uris = csr && role.use_csr_sans ? csr.uris : req.uri_sans
  if (uris.length > 0) {
    const via = csr && role.use_csr_sans ? 'CSR' : 'the API'
    if (role.allowed_uri_sans.length === 0) throw pkiUserError(`URI Subject Alternative Names are not allowed in this role, but were provided via ${via}`)
    for (const uri of uris) {
      if (!role.allowed_uri_sans.some((pattern) => pattern === uri || (pattern.includes('*') && new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(uri)))) {
        throw pkiUserError(`URI Subject Alternative Names were provided via ${via} which are not valid for this role`)
      }
    }
  }

  const { notAfterMs, warnings } = certificateNotAfter({ ...limits, ttl: req.ttl, notAfter: req.not_after, roleTtl: role.ttl, roleMaxTtl: role.max_ttl })
  const notBeforeMs = limits.nowMs - (role.not_before_duration > 0 ? role.not_before_duration : 30) * 1000
  if (notBeforeMs >= notAfterMs) {
    throw pkiUserError(`The certificate's Not Before (${new Date(notBeforeMs).toISOString()}) is later than the certificate's Not After (${new Date(notAfterMs).toISOString()})`)
  }
  return {
    subject: {
      common_name: cn,
      country: unique(role.country),
      province: unique(role.province),
      locality: unique(role.locality),
      street_address: unique(role.street_address),
      postal_code: unique(role.postal_code),
      organization: unique(role.organization),
      ou: unique(role.ou),
    },
    dnsNames: unique(dnsNames),
    emails: unique(emails),
    ipAddresses,
    uris,
    notBeforeMs,
    notAfterMs,
    warnings,
  }
}
