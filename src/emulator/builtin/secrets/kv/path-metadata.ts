// API: https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#read-secret-metadata
//      https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#create-update-metadata
//      https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#patch-metadata
//      https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#list-secrets
//      https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#delete-metadata-and-all-versions
import { definePath } from '../../../framework/path.js'
import type { RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest, notFound } from '../../../core/errors.js'
import { formatGoDuration } from '../../../core/duration.js'
import type { LogicalResponse } from '../../../core/request.js'
import { readConfig } from './kv-config.js'
import { deleteKey, listKeys, newMetadata, readMetadata, writeMetadata } from './metadata-store.js'
import type { KeyMetadata } from './metadata-store.js'
import { parseCustomMetadata } from './custom-metadata.js'
import { mergePatch } from './merge-patch.js'
import { rfc3339 } from '../../../framework/time-format.js'

const fields = {
  path: field.string({ doc: 'Location of the secret.' }),
  exclude_deleted: field.bool({ doc: 'On list, leave out keys whose current version is deleted.' }),
  cas_required: field.bool({ doc: 'Require `options.cas` on every write of this key.' }),
  max_versions: field.int({ doc: 'Versions kept for this key (0: the mount setting).' }),
  delete_version_after: field.durationSeconds({ doc: 'Delete versions this long after writing (0: the mount setting).' }),
  custom_metadata: field.map({ doc: 'Up to 64 string pairs describing the secret.' }),
}

type MetadataContext = RequestContext<typeof fields>

const SETTINGS = ['max_versions', 'cas_required', 'delete_version_after', 'custom_metadata'] as const

const CAS_IGNORED = '"cas_required" set to false, but is mandated by backend config. This value will be ignored.'

function requireKey(ctx: MetadataContext): string {
  if (ctx.data.path === '') throw invalidRequest('missing path')
  return ctx.data.path
}

/** Vault's duration field type refuses negative values before the handler runs. */
function checkDuration(ctx: MetadataContext): void {
  const seconds = ctx.data.delete_version_after
  if (seconds < 0) {
    throw invalidRequest(`Field validation failed: error converting input for field "delete_version_after": cannot provide negative value '${seconds}'`)
  }
}

/** The warning a write gets when it turns off a CAS requirement the mount imposes. */
function casWarning(ctx: MetadataContext): LogicalResponse | undefined {
  if (ctx.has('cas_required') && !ctx.data.cas_required && readConfig(ctx.storage).cas_required) {
    return { warnings: [CAS_IGNORED] }
  }
  return undefined
}

/** Empty custom metadata reads back as null, as it does after Vault's protobuf round trip. */
const orNull = (metadata: Record<string, string>): Record<string, string> | null =>
  Object.keys(metadata).length === 0 ? null : metadata

function read(ctx: MetadataContext): LogicalResponse | undefined {
  const meta = readMetadata(ctx.storage, ctx.data.path)
  if (!meta) return undefined
  const versions: Record<string, unknown> = {}
  for (const [version, vm] of Object.entries(meta.versions)) {
    versions[version] = {
      created_time: rfc3339(vm.created_time),
      deletion_time: vm.deletion_time === null ? '' : rfc3339(vm.deletion_time),
      destroyed: vm.destroyed,
    }
  }
  return {
    data: {
      cas_required: meta.cas_required,
      created_time: rfc3339(meta.created_time),
      current_version: meta.current_version,
      custom_metadata: meta.custom_metadata,
      delete_version_after: formatGoDuration(meta.delete_version_after),
      max_versions: meta.max_versions,
      oldest_version: meta.oldest_version,
      updated_time: rfc3339(meta.updated_time),
      versions,
    },
  }
}

function write(ctx: MetadataContext): LogicalResponse | undefined {
  checkDuration(ctx)
  const key = requireKey(ctx)
  if (!SETTINGS.some((name) => ctx.has(name))) return undefined
  const custom = ctx.has('custom_metadata') ? parseCustomMetadata(ctx.data.custom_metadata) : undefined
  const response = casWarning(ctx)
  const meta = readMetadata(ctx.storage, key) ?? newMetadata(ctx.clock.now())
  if (ctx.has('max_versions')) meta.max_versions = ctx.data.max_versions >>> 0
  if (ctx.has('cas_required')) meta.cas_required = ctx.data.cas_required
  if (ctx.has('delete_version_after')) meta.delete_version_after = ctx.data.delete_version_after
  if (custom) meta.custom_metadata = orNull(custom)
  writeMetadata(ctx.storage, key, meta)
  return response
}

/** Merge-patch of the settings: a null resets a setting, nulls inside custom_metadata remove keys. */
function patch(ctx: MetadataContext): LogicalResponse | undefined {
  checkDuration(ctx)
  const key = requireKey(ctx)
  const rawCustom = ctx.raw['custom_metadata']
  const custom = ctx.has('custom_metadata') && rawCustom !== null ? parseCustomMetadata(ctx.data.custom_metadata, true) : undefined
  const meta = readMetadata(ctx.storage, key)
  if (!meta) throw notFound()
  const response = casWarning(ctx)
  const isNull = (name: (typeof SETTINGS)[number]): boolean => ctx.raw[name] === null
  if (ctx.has('max_versions')) meta.max_versions = isNull('max_versions') ? 0 : ctx.data.max_versions >>> 0
  if (ctx.has('cas_required')) meta.cas_required = isNull('cas_required') ? false : ctx.data.cas_required
  if (ctx.has('delete_version_after')) meta.delete_version_after = isNull('delete_version_after') ? 0 : ctx.data.delete_version_after
  if (ctx.has('custom_metadata')) meta.custom_metadata = patchCustom(meta, rawCustom, custom)
  writeMetadata(ctx.storage, key, meta)
  return response
}

function patchCustom(meta: KeyMetadata, raw: unknown, parsed: Record<string, string> | undefined): Record<string, string> | null {
  if (raw === null || !parsed || typeof raw !== 'object') return null
  const removals = Object.fromEntries(Object.entries(raw).filter(([, v]) => v === null))
  const merged = mergePatch(meta.custom_metadata ?? {}, { ...parsed, ...removals }) as Record<string, string>
  return orNull(merged)
}

function list(ctx: MetadataContext): LogicalResponse {
  let prefix = ctx.data.path
  if (prefix !== '' && !prefix.endsWith('/')) prefix += '/'
  let keys = listKeys(ctx.storage, prefix)
  if (ctx.data.exclude_deleted) {
    // Vault drops a key whose current version has any deletion time, even a future one.
    keys = keys.filter((name) => {
      if (name.endsWith('/')) return true
      const meta = readMetadata(ctx.storage, prefix + name)
      const current = meta?.versions[String(meta.current_version)]
      return !current || current.deletion_time === null
    })
  }
  return { data: { keys } }
}

function remove(ctx: MetadataContext): undefined {
  const meta = readMetadata(ctx.storage, ctx.data.path)
  if (meta) deleteKey(ctx.storage, ctx.data.path, meta)
  return undefined
}

export const metadataPath = definePath({
  pattern: 'metadata/:path*',
  fields,
  // Runs before fields are parsed: the capture is in `raw`.
  existenceCheck: ({ storage, raw }) => readMetadata(storage, String(raw['path'] ?? '')) !== undefined,
  operations: { read, update: write, patch, list, delete: remove },
  synopsis: 'Read, write, patch, list and delete the metadata of secrets.',
})
