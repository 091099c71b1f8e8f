// API: https://developer.hashicorp.com/vault/api-docs/system/audit
// API: https://developer.hashicorp.com/vault/api-docs/system/audit-hash
import { definePath } from '../../framework/path.js'
import { field } from '../../framework/fields.js'
import { invalidRequest } from '../../core/errors.js'

export const auditListPath = definePath({
  pattern: 'audit',
  operations: {
    read: ({ core }) => ({ data: core.audit.list() }),
  },
  synopsis: 'List the enabled audit devices.',
})

export const auditDevicePath = definePath({
  pattern: 'audit/:path+',
  fields: {
    path: field.string({ doc: 'Where to enable the device (`file`, or `-path=` of the CLI).' }),
    type: field.string({ doc: 'Device type: `file`, `syslog` (sent over UDP), or `memory` (vault-emu: entries kept for tests).' }),
    description: field.string({ doc: 'Human-readable description.' }),
    options: field.kvPairs({ doc: 'file_path, mode (file); facility, tag, address (syslog); format, prefix, hmac_accessor, log_raw, elide_list_responses, skip_test.' }),
    local: field.bool({ doc: 'Not replicated.' }),
  },
  operations: {
    update: async ({ core, data }) => {
      await core.audit.enable({ path: data.path, type: data.type, description: data.description, options: data.options, local: data.local })
      return undefined
    },
    delete: ({ core, data }) => {
      core.audit.disable(data.path)
      return undefined
    },
  },
  synopsis: 'Enable or disable an audit device.',
})

export const auditHashPath = definePath({
  pattern: 'audit-hash/:path+',
  fields: {
    path: field.string({ doc: 'The audit device whose salt to use.' }),
    input: field.string({ doc: 'The value to hash, e.g. a leaked secret.', sensitive: true }),
  },
  operations: {
    update: ({ core, data }) => {
      if (data.input === '') throw invalidRequest('the "input" parameter is empty')
      return { data: { hash: core.audit.hash(data.path, data.input) } }
    },
  },
  synopsis: "Hash a value with an audit device's HMAC, to find it in that device's log.",
})
