// API: https://developer.hashicorp.com/vault/api-docs/secret/transit#encrypt-data
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { internalError, invalidRequest } from '../../../core/errors.js'
import type { TransitEngine } from './engine.js'
import { keyRecords } from './key-record.js'
import type { TransitKey } from './key-record.js'
import { KEY_TYPES, isKeyType } from './key-types.js'
import { upsertKey } from './key-lifecycle.js'
import { readKeysConfig } from './config-keys.js'
import { encryptValue } from './encryption.js'
import { decodeStdBase64 } from './go-base64.js'
import { TransitError } from './transit-error.js'
import { batchItems, batchResponse, itemInt, itemString } from './batch.js'
import type { BatchOutcome } from './batch.js'

interface EncryptItem {
  plaintext: string
  context: string
  keyVersion: number
  associatedData: string
  reference: string
  decodedContext: Buffer
}

interface EncryptResult {
  ciphertext: string | undefined
  key_version: number | undefined
  error: string | undefined
  reference: string
}

export function encryptPaths(engine: TransitEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'encrypt/:name',
      fields: {
        name: field.string({ doc: 'Name of the key.' }),
        plaintext: field.string({ doc: 'Base64 plaintext.' }),
        context: field.string({ doc: 'Base64 derivation context (derived keys).' }),
        key_version: field.int({ doc: 'Key version to use (0: latest).' }),
        associated_data: field.string({ doc: 'Base64 associated data (AEAD types).' }),
        type: field.string({ doc: 'Type of the key if this call creates it.', default: 'aes256-gcm96' }),
        convergent_encryption: field.bool({ doc: 'Convergent encryption, if this call creates the key.' }),
        partial_failure_response_code: field.int({ doc: 'Status when some batch items failed and some succeeded.' }),
        batch_input: field.raw({ doc: 'List of items to encrypt.' }),
      },
      // A missing key is a `create`: with that capability, encrypt creates the key (upsert).
      existenceCheck: ({ raw }) => typeof raw['name'] === 'string' && keyRecords.get(engine.storage, raw['name']) !== undefined,
      operations: {
        update: async ({ data, raw, has, operation }) => {
          const batch = batchItems(raw)
          let items: EncryptItem[]
          if (batch) {
            items = batch.map((item) => ({
              plaintext: itemString(item, 'plaintext'),
              context: itemString(item, 'context'),
              keyVersion: itemInt(item, 'key_version'),
              associatedData: itemString(item, 'associated_data'),
              reference: itemString(item, 'reference'),
              decodedContext: Buffer.alloc(0),
            }))
          } else {
            if (!has('plaintext')) throw invalidRequest('missing plaintext to encrypt')
            items = [{ plaintext: data.plaintext, context: data.context, keyVersion: data.key_version, associatedData: data.associated_data, reference: '', decodedContext: Buffer.alloc(0) }]
          }

          // Members in Vault's order; undefined ones are left out of the JSON (Go's omitempty).
          const results: EncryptResult[] = items.map((item) => ({ ciphertext: undefined, key_version: undefined, error: undefined, reference: item.reference }))
          const outcome: BatchOutcome = { successes: false, userErrors: false, internalErrors: false }
          const contextSet = (items[0]?.context ?? '') !== ''
          items.forEach((item, i) => {
            if ((item.context === '') === contextSet) throw invalidRequest('context should be set either in all the request blocks or in none')
            const result = results[i] as EncryptResult
            try {
              decodeStdBase64(item.plaintext)
              if (item.context !== '') item.decodedContext = decodeStdBase64(item.context)
            } catch (err) {
              outcome.userErrors = true
              result.error = err instanceof Error ? err.message : String(err)
            }
          })

          let key: TransitKey | undefined
          let created = false
          if (operation === 'create') {
            if (data.convergent_encryption && !contextSet) {
              throw invalidRequest('convergent encryption requires derivation to be enabled, so context is required')
            }
            const type = data.type
            if (!isKeyType(type) || KEY_TYPES[type].family === 'rsa' || KEY_TYPES[type].family === 'ed25519' || type === 'hmac') {
              throw invalidRequest(`unknown key type ${type}`)
            }
            if (KEY_TYPES[type].family === 'ecdsa') throw invalidRequest(`key type ${type} not supported for this operation`)
            if (!readKeysConfig(engine.storage).disable_upsert) {
              try {
                ;({ key, created } = await upsertKey(engine, {
                  name: data.name,
                  type,
                  derived: contextSet,
                  convergent: data.convergent_encryption,
                  exportable: false,
                  allowPlaintextBackup: false,
                  autoRotatePeriod: 0,
                  keySize: 0,
                }))
              } catch (err) {
                throw internalError(err instanceof Error ? err.message : String(err))
              }
            }
          } else {
            key = keyRecords.get(engine.storage, data.name)
          }
          if (!key) throw invalidRequest('encryption key not found')
          const found = key

          items.forEach((item, i) => {
            const result = results[i] as EncryptResult
            if (result.error !== undefined) return
            if (item.associatedData !== '' && !KEY_TYPES[found.type].associatedData) {
              // Vault reports this item without counting it as a failure.
              result.error = `'[${i}].associated_data' provided for non-AEAD cipher suite ${found.type}`
              return
            }
            try {
              const aad = item.associatedData === '' ? undefined : decodeStdBase64(item.associatedData)
              result.ciphertext = encryptValue(found, item.keyVersion, item.plaintext, { context: item.decodedContext, aad }, engine.objects)
              result.key_version = item.keyVersion === 0 ? found.latest_version : item.keyVersion
              outcome.successes = true
            } catch (err) {
              if (err instanceof TransitError && err.kind === 'internal') outcome.internalErrors = true
              else outcome.userErrors = true
              result.error = err instanceof Error ? err.message : String(err)
            }
          })

          const warnings = operation === 'create' && !created ? ['Attempted creation of the key during the encrypt operation, but it was created beforehand'] : []
          if (!batch) {
            const only = results[0] as EncryptResult
            if (only.error !== undefined) throw outcome.internalErrors ? internalError(only.error) : invalidRequest(only.error)
            return { data: { ciphertext: only.ciphertext, key_version: only.key_version }, ...(warnings.length ? { warnings } : {}) }
          }
          const response = { data: { batch_results: results }, ...(warnings.length ? { warnings } : {}) }
          return batchResponse(response, outcome, has('partial_failure_response_code') ? data.partial_failure_response_code : undefined)
        },
      },
      synopsis: 'Encrypt a plaintext value or a batch of plaintext blocks using a named key.',
    }),
  ]
}
