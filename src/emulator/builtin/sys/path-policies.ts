// API: https://developer.hashicorp.com/vault/api-docs/system/policies
//      https://developer.hashicorp.com/vault/api-docs/system/policy (legacy)
import { definePath } from '../../framework/path.js'
import type { RequestContext } from '../../framework/path.js'
import { field } from '../../framework/fields.js'
import { invalidRequest } from '../../core/errors.js'
import { PolicyParseError } from '../../core/policy/index.js'

const nameField = { name: field.string({ doc: 'Policy name (lower-cased).' }) }

/** The policy text: HCL or JSON, possibly base64-encoded. */
function decodePolicyText(text: string): string {
  const trimmed = text.trim()
  if (/^[A-Za-z0-9+/=\s]+$/.test(trimmed) && trimmed.length % 4 === 0 && !/^path\b/.test(trimmed)) {
    const decoded = Buffer.from(trimmed, 'base64').toString('utf8')
    if (Buffer.from(decoded, 'utf8').toString('base64').replace(/=+$/, '') === trimmed.replace(/\s/g, '').replace(/=+$/, '')) return decoded
  }
  return text
}

async function writePolicy(ctx: RequestContext, rawName: string, text: string): Promise<void> {
  const name = rawName.toLowerCase()
  if (name !== rawName) ctx.warn(`policy name was converted to ${name}`)
  if (name === 'root') throw invalidRequest('cannot update "root" policy')
  if (name === 'response-wrapping') throw invalidRequest('cannot update "response-wrapping" policy')
  if (text.trim() === '') throw invalidRequest("'policy' parameter not supplied or empty")
  try {
    await ctx.core.policies.set(name, decodePolicyText(text))
  } catch (err) {
    if (err instanceof PolicyParseError) throw invalidRequest(err.message)
    throw err
  }
}

function deletePolicy(ctx: RequestContext, rawName: string): undefined {
  const name = rawName.toLowerCase()
  if (name === 'root') throw invalidRequest('cannot delete "root" policy')
  if (name === 'default') throw invalidRequest('cannot delete default policy')
  if (name === 'response-wrapping') throw invalidRequest('cannot delete "response-wrapping" policy')
  ctx.core.policies.delete(name)
  return undefined
}

export const policiesAclListPath = definePath({
  pattern: 'policies/acl/',
  operations: {
    list: ({ core }) => ({ data: { keys: [...core.policies.names(), 'root'].sort() } }),
  },
})

export const policiesAclPath = definePath({
  pattern: 'policies/acl/:name',
  fields: { ...nameField, policy: field.string({ doc: 'Policy document (HCL or JSON, optionally base64).' }) },
  existenceCheck: ({ core, raw }) => core.policies.get(String(raw['name']).toLowerCase()) !== undefined,
  operations: {
    read: ({ core, data }) => {
      const name = data.name.toLowerCase()
      if (name === 'root') return { data: { name: 'root', policy: '' } }
      const p = core.policies.get(name)
      return p ? { data: { name: p.name, policy: p.text } } : undefined
    },
    update: async (ctx) => {
      await writePolicy(ctx, ctx.data.name, ctx.data.policy)
      return undefined
    },
    delete: (ctx) => deletePolicy(ctx, ctx.data.name),
  },
})

function legacyList(names: string[]): { data: Record<string, unknown> } {
  const all = [...names.sort(), 'root']
  return { data: { keys: all, policies: all } }
}

export const legacyPolicyListPath = definePath({
  pattern: 'policy',
  operations: { read: ({ core }) => legacyList(core.policies.names()) },
})

export const legacyPolicyListSlashPath = definePath({
  pattern: 'policy/',
  operations: { list: ({ core }) => legacyList(core.policies.names()) },
})

export const legacyPolicyPath = definePath({
  pattern: 'policy/:name',
  fields: {
    ...nameField,
    policy: field.string({ doc: 'Policy document.' }),
    rules: field.string({ doc: "Deprecated alias of 'policy'." }),
  },
  existenceCheck: ({ core, raw }) => core.policies.get(String(raw['name']).toLowerCase()) !== undefined,
  operations: {
    read: ({ core, data }) => {
      const name = data.name.toLowerCase()
      if (name === 'root') return { data: { name: 'root', rules: '' } }
      const p = core.policies.get(name)
      return p ? { data: { name: p.name, rules: p.text } } : undefined
    },
    update: async (ctx) => {
      let text = ctx.data.policy
      if (!ctx.has('policy') && ctx.has('rules')) {
        text = ctx.data.rules
        ctx.warn("'rules' is deprecated, please use 'policy' instead")
      }
      await writePolicy(ctx, ctx.data.name, text)
      return undefined
    },
    delete: (ctx) => deletePolicy(ctx, ctx.data.name),
  },
})
