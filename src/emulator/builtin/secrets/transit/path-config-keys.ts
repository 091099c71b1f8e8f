// API: https://developer.hashicorp.com/vault/api-docs/secret/transit#configure-keys
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import type { TransitEngine } from './engine.js'
import { readKeysConfig, writeKeysConfig } from './config-keys.js'

export function configKeysPaths(engine: TransitEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'config/keys',
      fields: { disable_upsert: field.bool({ doc: 'Never create a missing key on encrypt.' }) },
      operations: {
        read: () => ({ data: { ...readKeysConfig(engine.storage) } }),
        update: ({ data }) => {
          const config = { disable_upsert: data.disable_upsert }
          writeKeysConfig(engine.storage, config)
          return { data: { ...config } }
        },
      },
      synopsis: 'Mount-wide key settings.',
    }),
  ]
}
