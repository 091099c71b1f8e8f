// API: https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#read-secret-version
//      https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#create-update-secret
//      https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#patch-secret
//      https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#delete-latest-version-of-secret
import { definePath } from '../../../framework/path.js'
import type { RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { internalError, invalidRequest, notFound } from '../../../core/errors.js'
import type { LogicalResponse } from '../../../core/request.js'
import { readConfig } from './kv-config.js'
import { isDeleted, newMetadata, peekMetadata, peekVersionData, peekVersionView, readMetadata, readVersionData, versionView, writeMetadata } from './metadata-store.js'
import { checkCas, writeVersion } from './versions.js'
import { mergePatch } from './merge-patch.js'
import { invalidPathResponse } from './path-invalid.js'

const fields = {
  path: field.string({ doc: 'Location of the secret.' }),
  version: field.int({ doc: 'On read, the version to return (0: the current one).' }),
  options: field.map({ doc: 'Write options; `cas` is the check-and-set version.' }),
  data: field.map({ doc: 'The secret, stored as a new version.' }),
}

type DataContext = RequestContext<typeof fields>

/** Vault's pattern for data/ refuses a trailing slash; such paths get the invalid-path answer. */
const isFolder = (ctx: DataContext): boolean => ctx.data.path.endsWith('/')

function options(ctx: DataContext): Record<string, unknown> | undefined {
  return ctx.has('options') && ctx.raw['options'] !== null ? ctx.data.options : undefined
}

function requireData(ctx: DataContext): Record<string, unknown> {
  if (!ctx.has('data') || ctx.raw['data'] === null) throw invalidRequest('no data provided')
  return ctx.data.data
}

function read(ctx: DataContext): LogicalResponse | undefined {
  if (isFolder(ctx)) return invalidPathResponse(ctx)
  const key = ctx.data.path
  const meta = peekMetadata(ctx.storage, key)
  if (!meta) return undefined
  const version = ctx.data.version > 0 ? ctx.data.version : meta.current_version
  const vm = meta.versions[String(version)]
  if (!vm) return undefined
  const metadata = peekVersionView(meta, version, vm)
  // A deleted or destroyed version still shows its metadata, with a 404.
  if (isDeleted(vm, ctx.clock.now()) || vm.destroyed) return { status: 404, data: { data: null, metadata } }
  const data = peekVersionData(ctx.storage, key, version)
  if (!data) throw internalError('could not find version data')
  return { data: { data, metadata } }
}

function write(ctx: DataContext): LogicalResponse {
  if (isFolder(ctx)) return invalidPathResponse(ctx)
  const key = ctx.data.path
  const config = readConfig(ctx.storage)
  const data = requireData(ctx)
  const meta = readMetadata(ctx.storage, key) ?? newMetadata(ctx.clock.now())
  checkCas(options(ctx), config, meta)
  return { data: writeVersion(ctx.storage, ctx.clock.now(), key, meta, config, data) }
}

function patch(ctx: DataContext): LogicalResponse | undefined {
  if (isFolder(ctx)) return invalidPathResponse(ctx)
  const key = ctx.data.path
  const patchData = requireData(ctx)
  const meta = readMetadata(ctx.storage, key)
  if (!meta) throw notFound()
  const config = readConfig(ctx.storage)
  checkCas(options(ctx), config, meta)
  const current = meta.current_version
  const vm = meta.versions[String(current)]
  if (!vm) throw notFound()
  // Unlike a read, the 404 of a patch carries the version metadata unwrapped.
  if (isDeleted(vm, ctx.clock.now()) || vm.destroyed) return { status: 404, data: versionView(meta, current, vm) }
  const existing = readVersionData(ctx.storage, key, current)
  if (!existing) throw internalError('could not find version data')
  const patched = mergePatch(existing, patchData) as Record<string, unknown>
  return { data: writeVersion(ctx.storage, ctx.clock.now(), key, meta, config, patched) }
}

/** Soft-deletes the current version; nothing to do (204) when it is missing or already gone. */
function softDelete(ctx: DataContext): LogicalResponse | undefined {
  if (isFolder(ctx)) return invalidPathResponse(ctx)
  const meta = readMetadata(ctx.storage, ctx.data.path)
  const vm = meta?.versions[String(meta.current_version)]
  if (!meta || !vm || vm.destroyed || isDeleted(vm, ctx.clock.now())) return undefined
  vm.deletion_time = ctx.clock.now()
  writeMetadata(ctx.storage, ctx.data.path, meta)
  return undefined
}

export const dataPath = definePath({
  pattern: 'data/:path+',
  fields,
  // Runs before fields are parsed: the capture is in `raw`.
  existenceCheck: ({ storage, raw }) => readMetadata(storage, String(raw['path'])) !== undefined,
  operations: {
    read,
    update: write,
    patch,
    delete: softDelete,
    // A list always ends in `/`, which Vault's data/ pattern never matches.
    list: (ctx) => invalidPathResponse(ctx),
  },
  synopsis: 'Write, patch, read and delete versions of a secret.',
})
