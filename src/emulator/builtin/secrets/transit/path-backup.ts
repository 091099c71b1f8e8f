// API: https://developer.hashicorp.com/vault/api-docs/secret/transit#backup-key
//      https://developer.hashicorp.com/vault/api-docs/secret/transit#restore-key
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { internalError, invalidRequest } from '../../../core/errors.js'
import { rfc3339 } from '../../../framework/time-format.js'
import type { TransitEngine } from './engine.js'
import { keyRecords } from './key-record.js'
import type { TransitKey } from './key-record.js'
import { isKeyType } from './key-types.js'
import { updateKey } from './key-lifecycle.js'
import { decodeStdBase64 } from './go-base64.js'

/**
 * The backup blob: base64 of `{"policy": <key>, "archived_keys": null}`.
 * Vault's own blob has the same envelope around its internal key format;
 * the emulator's restores only into the emulator.
 */
interface BackupBlob {
  policy: TransitKey
  archived_keys: null
}

function parseBlob(text: string): BackupBlob {
  let decoded: Buffer
  try {
    decoded = decodeStdBase64(text)
  } catch (err) {
    throw internalError(err instanceof Error ? err.message : String(err))
  }
  let blob: unknown
  try {
    blob = JSON.parse(decoded.toString('utf8'))
  } catch (err) {
    throw internalError(`error decoding JSON: ${err instanceof Error ? err.message : String(err)}`)
  }
  const policy = (blob as { policy?: Partial<TransitKey> } | null)?.policy
  if (!policy || typeof policy.name !== 'string' || typeof policy.type !== 'string' || !isKeyType(policy.type) || typeof policy.versions !== 'object') {
    throw internalError('failed to restore the policy: the backup does not hold a transit key')
  }
  return blob as BackupBlob
}

export function backupPaths(engine: TransitEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'backup/:name',
      fields: { name: field.string({ doc: 'Name of the key.' }) },
      operations: {
        read: ({ data }) =>
          updateKey(engine, data.name, (key) => {
            if (!key) throw internalError(`key ${JSON.stringify(data.name)} not found`)
            if (!key.exportable) throw internalError('exporting is disallowed on the policy')
            if (!key.allow_plaintext_backup) throw internalError('plaintext backup is disallowed on the policy')
            key.backup_info = { time: rfc3339(engine.clock.now()), version: key.latest_version }
            keyRecords.put(engine.storage, key)
            const blob: BackupBlob = { policy: key, archived_keys: null }
            return { data: { backup: Buffer.from(JSON.stringify(blob)).toString('base64') } }
          }),
      },
      synopsis: 'Back up the named key (exportable keys with allow_plaintext_backup only).',
    }),
    definePath({
      pattern: 'restore/:name?',
      fields: {
        name: field.string({ doc: 'Name to restore under (default: the name in the backup).' }),
        backup: field.string({ doc: 'The blob from backup/<name>.' }),
        force: field.bool({ doc: 'Overwrite an existing key of that name.' }),
      },
      operations: {
        update: ({ data }) => {
          if (data.backup === '') throw invalidRequest("'backup' must be supplied")
          const blob = parseBlob(data.backup)
          const name = data.name !== '' ? data.name : blob.policy.name
          return updateKey(engine, name, (existing) => {
            if (existing && !data.force) throw internalError(`key ${JSON.stringify(name)} already exists`)
            const key: TransitKey = { ...blob.policy, name, restore_info: { time: rfc3339(engine.clock.now()), version: blob.policy.latest_version } }
            keyRecords.put(engine.storage, key)
            engine.rotation.arm(key)
            return undefined
          })
        },
      },
      synopsis: 'Restore a key from a backup blob.',
    }),
  ]
}
