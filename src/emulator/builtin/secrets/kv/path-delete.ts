// API: https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#delete-secret-versions
//      https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#undelete-secret-versions
//      https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#destroy-secret-versions
import { definePath } from '../../../framework/path.js'
import type { RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import { readConfig } from './kv-config.js'
import { deleteVersionData, isDeleted, readMetadata, writeMetadata } from './metadata-store.js'
import type { KeyMetadata, VersionMetadata } from './metadata-store.js'
import { deletionTimeFor } from './versions.js'

const fields = {
  path: field.string({ doc: 'Location of the secret.' }),
  versions: field.commaIntList({ doc: 'Version numbers: `[1,2]`, `["1"]` or `"1,2"`.' }),
}

type VersionsContext = RequestContext<typeof fields>

/**
 * Validates `versions`, then applies `change` to each listed version that
 * exists and is not destroyed. A missing key is a silent no-op (204).
 */
function forEachVersion(
  ctx: VersionsContext,
  emptyMessage: string,
  change: (vm: VersionMetadata, meta: KeyMetadata) => void,
): KeyMetadata | undefined {
  const versions = ctx.data.versions
  if (versions.length === 0) throw invalidRequest(emptyMessage)
  const meta = readMetadata(ctx.storage, ctx.data.path)
  if (!meta) return undefined
  for (const version of versions) {
    const vm = meta.versions[String(version)]
    if (vm && !vm.destroyed) change(vm, meta)
  }
  writeMetadata(ctx.storage, ctx.data.path, meta)
  return meta
}

export const deletePath = definePath({
  pattern: 'delete/:path*',
  fields,
  operations: {
    update: (ctx) => {
      const now = ctx.clock.now()
      forEachVersion(ctx, 'No version number provided', (vm) => {
        if (!isDeleted(vm, now)) vm.deletion_time = now
      })
      return undefined
    },
  },
  synopsis: 'Soft-delete versions of a secret.',
})

export const undeletePath = definePath({
  pattern: 'undelete/:path*',
  fields,
  operations: {
    update: (ctx) => {
      const now = ctx.clock.now()
      const config = readConfig(ctx.storage)
      // An undeleted version gets a fresh delete_version_after countdown.
      forEachVersion(ctx, 'No version number provided', (vm, meta) => {
        vm.deletion_time = deletionTimeFor(now, config, meta)
      })
      return undefined
    },
  },
  synopsis: 'Restore soft-deleted versions of a secret.',
})

export const destroyPath = definePath({
  pattern: 'destroy/:path*',
  fields,
  operations: {
    update: (ctx) => {
      const meta = forEachVersion(ctx, 'no version number provided', (vm) => {
        vm.destroyed = true
      })
      if (meta) for (const version of ctx.data.versions) deleteVersionData(ctx.storage, ctx.data.path, version)
      return undefined
    },
  },
  synopsis: 'Permanently remove the data of versions of a secret.',
})
