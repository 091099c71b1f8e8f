// API: https://developer.hashicorp.com/vault/api-docs/auth/kubernetes#login
import { createPublicKey } from 'node:crypto'
import { definePath } from '../../../framework/path.js'
import type { RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { issueLoginToken } from '../../../framework/token-fields.js'
import { VaultError, badToken, internalError, invalidRequest } from '../../../core/errors.js'
import { addressAllowed } from '../../../core/cidr.js'
import { globListContains } from '../go-glob.js'
import { JwtValidationError, validateJwt } from '../jwt-validation.js'
import type { KeySource } from '../jwt-validation.js'
import { readConfig } from './config-store.js'
import type { KubernetesConfig } from './config-store.js'
import { readRole, ALIAS_SOURCE_NAME } from './role-store.js'
import type { KubernetesRole } from './role-store.js'
import { serviceAccountFromClaims } from './service-account-claims.js'
import type { ServiceAccountIdentity } from './service-account-claims.js'
import { reviewToken } from './token-review.js'
import { namespaceLabels } from './namespace-labels.js'
import { parseNamespaceSelector, selectorMatches } from './namespace-selector.js'

/** The signing algorithms Kubernetes' OIDC support allows, which Vault accepts. */
const ALLOWED_ALGS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512']

const loginFields = {
  role: field.string({ doc: 'Name of the role to log in against.' }),
  jwt: field.string({ doc: 'The service account JWT.', sensitive: true }),
}

/** A coded 403 whose text the client sees as is. */
function forbidden(message: string): VaultError {
  return new VaultError('permission-denied', message)
}

async function namespaceAllowed(ctx: RequestContext, config: KubernetesConfig, role: KubernetesRole, namespace: string): Promise<void> {
  const namespaces = role.bound_service_account_namespaces ?? []
  if (namespaces.length > 0 && (namespaces[0] === '*' || globListContains(namespaces, namespace))) return
  if (role.bound_service_account_namespace_selector === '') throw forbidden('namespace not authorized')
  let allowed = false
  let failure = ''
  try {
    const selector = parseNamespaceSelector(role.bound_service_account_namespace_selector)
    allowed = selectorMatches(selector, await namespaceLabels(ctx.core, config, namespace))
  } catch (err) {
    failure = err instanceof Error ? err.message : String(err)
  }
  if (!allowed) throw forbidden(failure === '' ? 'namespace not authorized' : `namespace not authorized err=${failure}`)
}

/** Claims checks done by Vault itself before asking the cluster (cap validator, then the role's bindings). */
async function parseAndValidate(ctx: RequestContext, config: KubernetesConfig, role: KubernetesRole, jwt: string): Promise<ServiceAccountIdentity> {
  const source: KeySource = config.pem_keys.length === 0 ? { kind: 'none' } : { kind: 'keys', keys: config.pem_keys.map((pem) => createPublicKey(pem)) }
  let claims: Record<string, unknown>
  try {
    claims = await validateJwt(
      jwt,
      source,
      {
        // Only an explicitly configured issuer is checked, and only when validation is on.
        ...(!config.disable_iss_validation && config.issuer !== '' ? { issuer: config.issuer } : {}),
        ...(role.audience !== '' ? { audiences: [role.audience] } : {}),
        algorithms: ALLOWED_ALGS,
      },
      ctx.clock.now(),
      { allowMissingTimes: true },
    )
  } catch (err) {
    if (!(err instanceof JwtValidationError)) throw err
    if (err.message.includes('verifying token signature')) throw badToken()
    throw forbidden(err.message)
  }
  const sa = serviceAccountFromClaims(claims)
  const names = role.bound_service_account_names
  if ((names.length > 1 || names[0] !== '*') && !globListContains(names, sa.name)) throw forbidden('service account name not authorized')
  await namespaceAllowed(ctx, config, role, sa.namespace)
  return sa
}

export const loginPath = definePath({
  pattern: 'login',
  fields: loginFields,
  operations: {
    update: async (ctx) => {
      const { data } = ctx
      if (data.role === '') throw invalidRequest('missing role')
      if (data.jwt === '') throw invalidRequest('missing jwt')
      const role = readRole(ctx.storage, data.role)
      if (!role) throw invalidRequest(`invalid role name ${JSON.stringify(data.role)}`)
      if (!addressAllowed(role.token.token_bound_cidrs, ctx.req.connection.remoteAddress)) throw badToken()
      const config = readConfig(ctx.storage)
      if (!config) throw internalError('could not load backend configuration')

      const sa = await parseAndValidate(ctx, config, role, data.jwt)
      if (sa.uid === '') throw internalError('could not parse UID from claims')
      let aliasName = sa.uid
      if (role.alias_name_source === ALIAS_SOURCE_NAME) {
        if (sa.namespace === '' || sa.name === '') throw internalError('service account namespace and name must be set')
        aliasName = `${sa.namespace}/${sa.name}`
      }

      // The token's own audiences are what the API server is asked about unless the role names one.
      const audiences = role.audience !== '' ? [role.audience] : sa.audiences
      let reviewed
      try {
        reviewed = await reviewToken(ctx.core, config, data.jwt, audiences)
      } catch {
        // Vault logs the reason at debug level; the client learns nothing more.
        throw badToken()
      }
      if (reviewed.name !== sa.name || reviewed.uid !== sa.uid || reviewed.namespace !== sa.namespace) throw badToken()

      return {
        auth: issueLoginToken(ctx, role.token, {
          displayName: `${sa.namespace}-${sa.name}`,
          metadata: {
            role: data.role,
            service_account_name: sa.name,
            service_account_namespace: sa.namespace,
            service_account_secret_name: sa.secretName,
            service_account_uid: sa.uid,
          },
          aliasName,
        }),
      }
    },
  },
  synopsis: 'Authenticates Kubernetes service accounts with Vault.',
})
