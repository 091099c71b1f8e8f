// API: https://developer.hashicorp.com/vault/api-docs/secret/transit#update-key-configuration
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import type { TransitEngine } from './engine.js'
import { keyRecords } from './key-record.js'
import type { TransitKey } from './key-record.js'
import { updateKey } from './key-lifecycle.js'
import { formatKey } from './key-view.js'

const HOUR = 3600

export function keyConfigPaths(engine: TransitEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'keys/:name/config',
      fields: {
        name: field.string({ doc: 'Name of the key.' }),
        min_decryption_version: field.int({ doc: 'Oldest version that may decrypt (or verify); older ciphertexts become unreadable.' }),
        min_encryption_version: field.int({ doc: 'Oldest version that may encrypt (0: latest only by default).' }),
        deletion_allowed: field.bool({ doc: 'Allow deleting the key.' }),
        exportable: field.bool({ doc: 'Allow exporting (cannot be unset).' }),
        allow_plaintext_backup: field.bool({ doc: 'Allow plaintext backups (cannot be unset).' }),
        auto_rotate_period: field.durationSeconds({ doc: 'Rotate automatically after this long (0 disables; at least 1h).' }),
      },
      operations: {
        update: ({ data, has }) =>
          updateKey(engine, data.name, (stored) => {
            if (!stored) throw invalidRequest(`no existing key named ${data.name} could be found`)
            // Work on a copy: a refused change leaves the stored key as it was.
            const key: TransitKey = structuredClone(stored)
            const warnings: string[] = []
            let changed = false
            if (has('min_decryption_version')) {
              let min = data.min_decryption_version
              if (min < 0) throw invalidRequest('min decryption version cannot be negative')
              if (min === 0) {
                min = 1
                warnings.push('since Vault 0.3, transit key numbering starts at 1; forcing minimum to 1')
              }
              if (min !== key.min_decryption_version) {
                if (min > key.latest_version) throw invalidRequest(`cannot set min decryption version of ${min}, latest key version is ${key.latest_version}`)
                key.min_decryption_version = min
                changed = true
              }
            }
            if (has('min_encryption_version')) {
              const min = data.min_encryption_version
              if (min < 0) throw invalidRequest('min encryption version cannot be negative')
              if (min !== key.min_encryption_version) {
                if (min > key.latest_version) throw invalidRequest(`cannot set min encryption version of ${min}, latest key version is ${key.latest_version}`)
                key.min_encryption_version = min
                changed = true
              }
            }
            if (key.min_encryption_version > 0 && key.min_encryption_version < key.min_decryption_version) {
              throw invalidRequest(
                `cannot set min encryption/decryption values; min encryption version of ${key.min_encryption_version} must be greater than or equal to min decryption version of ${key.min_decryption_version}`,
              )
            }
            if (has('deletion_allowed') && data.deletion_allowed !== key.deletion_allowed) {
              key.deletion_allowed = data.deletion_allowed
              changed = true
            }
            // exportable and allow_plaintext_backup are one-way switches.
            if (has('exportable') && data.exportable && !key.exportable) {
              key.exportable = true
              changed = true
            }
            if (has('allow_plaintext_backup') && data.allow_plaintext_backup && !key.allow_plaintext_backup) {
              key.allow_plaintext_backup = true
              changed = true
            }
            if (has('auto_rotate_period')) {
              const period = data.auto_rotate_period
              if (period !== 0 && period < HOUR) throw invalidRequest('auto rotate period must be 0 to disable or at least an hour')
              if (period !== key.auto_rotate_period) {
                key.auto_rotate_period = period
                changed = true
              }
            }
            if (changed) {
              if (key.min_available_version > key.min_encryption_version) throw invalidRequest('min encryption version should not be less than min available version')
              if (key.min_available_version > key.min_decryption_version) throw invalidRequest('min decryption version should not be less then min available version')
              keyRecords.put(engine.storage, key)
              engine.rotation.arm(key)
            }
            return { data: formatKey(changed ? key : stored, engine.objects), ...(warnings.length ? { warnings } : {}) }
          }),
      },
      synopsis: 'Configure a named key: minimum versions, deletion, export, rotation period.',
    }),
  ]
}
