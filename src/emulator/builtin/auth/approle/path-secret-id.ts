// API: https://developer.hashicorp.com/vault/api-docs/auth/approle#generate-new-secret-id
import { definePath } from '../../../framework/path.js'
import type { RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { CidrError } from '../../../core/cidr.js'
import { VaultError, internalError, invalidRequest } from '../../../core/errors.js'
import { uuid } from '../../../core/ids.js'
import type { LogicalResponse } from '../../../core/request.js'
import { routedName } from '../generic-name.js'
import { blocksAreSubset, goQuotedList, validateBlocks } from './cidr-blocks.js'
import { readRole } from './role-store.js'
import type { RoleEntry } from './role-store.js'
import { MetadataError, parseSecretIdMetadata } from './secret-id-metadata.js'
import { listAccessors, registerSecretId } from './secret-id-store.js'

const secretIdOptions = {
  role_name: field.string({ doc: 'Name of the role.' }),
  metadata: field.raw({ doc: 'A JSON object of string values, as a string (or as an object).' }),
  cidr_list: field.commaList({ doc: 'CIDR blocks this secret ID may log in from (within the role’s).' }),
  token_bound_cidrs: field.commaList({ doc: 'CIDR blocks its tokens may be used from (within the role’s).' }),
  num_uses: field.int({ doc: 'Uses (0 = unlimited; at most the role’s secret_id_num_uses).' }),
  ttl: field.durationSeconds({ doc: 'Lifetime (0 = none; at most the role’s secret_id_ttl).' }),
}

type SecretIdContext = RequestContext<typeof secretIdOptions>

/** Vault reports a subset failure as a wrapped Go error whose cause is nil. */
function checkSubset(roleBlocks: readonly string[], blocks: readonly string[]): void {
  if (blocks.length === 0 || roleBlocks.length === 0) return
  if (!blocksAreSubset(roleBlocks, blocks)) {
    throw internalError(
      `failed to verify subset relationship between CIDR blocks on the role ${goQuotedList(roleBlocks)} and CIDR blocks on the secret ID ${goQuotedList(blocks)}: %!w(<nil>)`,
    )
  }
}

function checkBlocks(blocks: readonly string[], what: string): void {
  try {
    validateBlocks(blocks)
  } catch (err) {
    if (err instanceof CidrError) throw internalError(`failed to validate ${what}: ${err.message}`)
    throw err
  }
}

/** Vault's deriveSecretIDTTL: a TTL above the mount's max is cut to it. */
function effectiveTtl(ctx: SecretIdContext, ttl: number): number {
  const mountMax = ctx.core.mountTtls(ctx.mount).maxTtl
  return ttl < 0 || ttl > mountMax ? mountMax : ttl
}

function usesFor(ctx: SecretIdContext, role: RoleEntry): number {
  if (!ctx.has('num_uses')) return role.secret_id_num_uses
  const uses = ctx.data.num_uses
  if (uses < 0) throw invalidRequest('num_uses cannot be negative')
  if ((uses === 0 && role.secret_id_num_uses > 0) || (role.secret_id_num_uses > 0 && uses > role.secret_id_num_uses)) {
    throw invalidRequest("num_uses cannot be higher than the role's secret_id_num_uses")
  }
  return uses
}

function ttlFor(ctx: SecretIdContext, role: RoleEntry): number {
  if (!ctx.has('ttl')) return role.secret_id_ttl
  const ttl = ctx.data.ttl
  if ((ttl === 0 && role.secret_id_ttl > 0) || (role.secret_id_ttl > 0 && ttl > role.secret_id_ttl)) {
    throw invalidRequest("ttl cannot be longer than the role's secret_id_ttl")
  }
  return ttl
}

/** Generate (or, for custom-secret-id, take) a secret ID for the role and store its HMAC. */
function issueSecretId(ctx: SecretIdContext, secretId: string): LogicalResponse {
  const name = routedName(ctx.data.role_name)
  if (secretId === '') throw invalidRequest('missing secret_id')
  const role = readRole(ctx.storage, name)
  if (!role) throw new VaultError('unsupported-path', `role ${JSON.stringify(name)} does not exist`)
  if (!role.bind_secret_id) throw invalidRequest('bind_secret_id is not set on the role')

  const cidrList = ctx.data.cidr_list
  if (cidrList.length > 0) checkBlocks(cidrList, 'CIDR blocks')
  checkSubset(role.secret_id_bound_cidrs ?? [], cidrList)
  const tokenCidrs = ctx.data.token_bound_cidrs
  if (tokenCidrs.length > 0) checkBlocks(tokenCidrs, 'token CIDR blocks')
  checkSubset(role.token.token_bound_cidrs, tokenCidrs)

  const uses = usesFor(ctx, role)
  const ttl = ttlFor(ctx, role)
  let metadata: Record<string, string>
  try {
    metadata = parseSecretIdMetadata(ctx.raw['metadata'])
  } catch (err) {
    if (err instanceof MetadataError) throw invalidRequest(`failed to parse metadata: ${err.message}`)
    throw err
  }

  const now = ctx.clock.now()
  const lifetime = effectiveTtl(ctx, ttl)
  const entry = {
    secret_id_accessor: uuid(),
    secret_id_num_uses: uses,
    secret_id_ttl: ttl,
    creation_time_ms: now,
    expiration_time_ms: lifetime === 0 ? 0 : now + lifetime * 1000,
    last_updated_time_ms: now,
    metadata,
    cidr_list: cidrList,
    token_bound_cidrs: tokenCidrs,
  }
  if (!registerSecretId(ctx.storage, role.name, secretId, entry, now)) {
    throw internalError('failed to store secret_id: SecretID is already registered')
  }
  return {
    data: { secret_id: secretId, secret_id_accessor: entry.secret_id_accessor, secret_id_num_uses: uses, secret_id_ttl: lifetime },
  }
}

export const secretIdPath = definePath({
  pattern: 'role/:role_name/secret-id',
  fields: secretIdOptions,
  operations: {
    // Secret IDs are UUIDs from the platform CSPRNG (crypto.randomUUID).
    update: (ctx) => issueSecretId(ctx, uuid()),
  },
  synopsis: 'Generate a secret ID for the role.',
})

export const secretIdListPath = definePath({
  pattern: 'role/:role_name/secret-id/',
  fields: { role_name: field.string({ doc: 'Name of the role.' }) },
  operations: {
    list: ({ storage, clock, data }) => {
      const name = routedName(data.role_name)
      const role = readRole(storage, name)
      if (!role) throw invalidRequest(`role ${JSON.stringify(name)} does not exist`)
      return { data: { keys: listAccessors(storage, role.name, clock.now()) } }
    },
  },
  synopsis: "List the accessors of the role's secret IDs.",
})

export const customSecretIdPath = definePath({
  pattern: 'role/:role_name/custom-secret-id',
  fields: { ...secretIdOptions, secret_id: field.string({ doc: 'The secret ID to assign.', sensitive: true }) },
  operations: {
    update: (ctx) => issueSecretId(ctx, ctx.data.secret_id),
  },
  synopsis: 'Assign a chosen secret ID to the role (the "push" model).',
})
