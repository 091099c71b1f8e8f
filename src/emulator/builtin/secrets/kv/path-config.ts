// API: https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#configure-the-kv-engine
//      https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#read-kv-engine-configuration
import { definePath } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { formatGoDuration } from '../../../core/duration.js'
import { readConfig, writeConfig } from './kv-config.js'

export const configPath = definePath({
  pattern: 'config',
  fields: {
    max_versions: field.int({ doc: 'Versions kept per key (0: 10).' }),
    cas_required: field.bool({ doc: 'Require `options.cas` on every write.' }),
    delete_version_after: field.durationSeconds({ doc: 'Delete versions this long after writing; negative disables, 0 clears.' }),
  },
  operations: {
    read: ({ storage }) => {
      const config = readConfig(storage)
      return {
        data: {
          cas_required: config.cas_required,
          delete_version_after: formatGoDuration(config.delete_version_after),
          max_versions: config.max_versions,
        },
      }
    },
    update: ({ storage, data, has }) => {
      if (!has('max_versions') && !has('cas_required') && !has('delete_version_after')) return undefined
      const config = readConfig(storage)
      if (has('max_versions')) config.max_versions = data.max_versions >>> 0
      if (has('cas_required')) config.cas_required = data.cas_required
      if (has('delete_version_after')) config.delete_version_after = data.delete_version_after < 0 ? -1 : data.delete_version_after
      writeConfig(storage, config)
      return undefined
    },
  },
  synopsis: 'Configure settings applied to every key of the KV store.',
})
