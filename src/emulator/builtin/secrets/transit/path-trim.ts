// API: https://developer.hashicorp.com/vault/api-docs/secret/transit#trim-key
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import type { TransitEngine } from './engine.js'
import { keyRecords } from './key-record.js'
import { updateKey } from './key-lifecycle.js'
import { formatKey } from './key-view.js'

export function trimPaths(engine: TransitEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'keys/:name/trim',
      fields: {
        name: field.string({ doc: 'Name of the key.' }),
        min_available_version: field.int({ doc: 'Versions below this one are deleted for good.' }),
      },
      operations: {
        update: ({ data, has }) =>
          updateKey(engine, data.name, (key) => {
            if (!key) throw invalidRequest('invalid key name')
            if (!has('min_available_version')) throw invalidRequest('missing min_available_version')
            const min = data.min_available_version
            if (min < key.min_available_version) throw invalidRequest('minimum available version cannot be decremented')
            if (key.min_encryption_version === 0) throw invalidRequest('minimum available version cannot be set when minimum encryption version is not set')
            if (key.min_decryption_version === 0) throw invalidRequest('minimum available version cannot be set when minimum decryption version is not set')
            if (min > key.min_encryption_version) throw invalidRequest('minimum available version cannot be greater than minmum encryption version')
            if (min > key.min_decryption_version) throw invalidRequest('minimum available version cannot be greater than minimum decryption version')
            if (min < 0) throw invalidRequest('minimum available version cannot be negative')
            if (min === 0) throw invalidRequest('minimum available version should be positive')
            key.min_available_version = min
            for (const version of Object.keys(key.versions)) if (Number(version) < min) delete key.versions[version]
            keyRecords.put(engine.storage, key)
            return { data: formatKey(key, engine.objects) }
          }),
      },
      synopsis: 'Delete key versions below min_available_version, permanently.',
    }),
  ]
}
