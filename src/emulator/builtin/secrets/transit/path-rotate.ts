// API: https://developer.hashicorp.com/vault/api-docs/secret/transit#rotate-key
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import type { TransitEngine } from './engine.js'
import { rotateKey } from './key-lifecycle.js'
import { formatKey } from './key-view.js'
import { toVaultError } from './transit-error.js'

export function rotatePaths(engine: TransitEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'keys/:name/rotate',
      fields: { name: field.string({ doc: 'Name of the key.' }) },
      operations: {
        update: async ({ data }) => {
          let key
          try {
            key = await rotateKey(engine, data.name)
          } catch (err) {
            throw toVaultError(err)
          }
          if (!key) throw invalidRequest('key not found')
          return { data: formatKey(key, engine.objects) }
        },
      },
      synopsis: 'Rotate the named key: new version for encryption and signing; old versions still decrypt.',
    }),
  ]
}
