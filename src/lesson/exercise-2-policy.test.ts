import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect } from 'vitest'
import { vaultTest as it } from '../fixtures/vitest.js'
import type { VaultEmulator } from '../index.js'
import { checkExercise } from '../../test/helpers/lesson-check.js'

/** The repository's own answer, also booted by vault.config.yaml. */
const SOLUTION = await readFile(fileURLToPath(new URL('../../policies/web-frontend.hcl', import.meta.url)), 'utf8')

async function writePolicy(vault: VaultEmulator, name: string, policy: string): Promise<void> {
  const reply = await vault.request('POST', `sys/policies/acl/${name}`, { data: { policy } })
  expect(reply.status).toBe(204)
}

async function tokenCount(vault: VaultEmulator): Promise<number> {
  const reply = await vault.request('LIST', 'auth/token/accessors')
  return ((reply.json as { data: { keys: string[] } }).data.keys).length
}

describe('lesson check 2', () => {
  it('passes the exercise’s solution and revokes the token it tested with', async ({ vault }) => {
    await writePolicy(vault, 'web-frontend', SOLUTION)
    const before = await tokenCount(vault)
    const result = await checkExercise(vault, 2)
    expect(result.failures).toEqual([])
    expect(result.passed).toBe(true)
    expect(result.text).toContain('✓ read: secret/data/frontend/config (vault kv get secret/frontend/config)')
    expect(result.text).toContain('✓ list: secret/metadata/frontend/ (vault kv list secret/frontend)')
    expect(result.text).toContain('✓ denied: secret/data/backend/config')
    expect(await tokenCount(vault)).toBe(before)
  })

  it('fails without the policy and points at a near miss of its name', async ({ vault }) => {
    await writePolicy(vault, 'frontend', SOLUTION)
    const result = await checkExercise(vault, 2)
    expect(result.passed).toBe(false)
    expect(result.failures).toHaveLength(1)
    expect(result.failures[0]).toContain('there is no policy named web-frontend')
    expect(result.failures[0]).toContain('Found "frontend"')
  })

  it('explains the /data/ trap for a policy on secret/frontend/*', async ({ vault }) => {
    await writePolicy(vault, 'web-frontend', `
path "secret/frontend/*" { capabilities = ["read", "list"] }
path "database/creds/frontend-readonly" { capabilities = ["read"] }
`)
    const result = await checkExercise(vault, 2)
    expect(result.passed).toBe(false)
    const all = result.failures.join('\n\n')
    expect(all).toContain('Policy on secret/frontend/* does not cover `vault kv get secret/frontend/config`, whose API path is secret/data/frontend/config')
    expect(all).toContain('Policy on secret/frontend/* does not cover `vault kv list secret/frontend`, whose API path is secret/metadata/frontend/')
    expect(all).toContain('secret/frontend/config (the v1-style path, no /data/) is allowed: list, read')
    expect(result.failures.some((f) => f.startsWith('database/creds/frontend-readonly'))).toBe(false)
  })

  it('fails a policy that grants too much, one hint per over-broad probe', async ({ vault }) => {
    await writePolicy(vault, 'web-frontend', `
path "secret/data/frontend/*" { capabilities = ["create", "read", "update"] }
path "secret/metadata/frontend/*" { capabilities = ["list"] }
path "database/creds/*" { capabilities = ["read"] }
path "sys/*" { capabilities = ["read", "update"] }
`)
    const result = await checkExercise(vault, 2)
    expect(result.passed).toBe(false)
    const failing = (path: string) => result.failures.find((f) => f.startsWith(path)) ?? ''
    expect(failing('secret/data/frontend/config')).toContain('wants exactly read, Vault grants create, read, update')
    expect(failing('secret/data/frontend/config')).toContain('Rule "secret/data/frontend/*" also grants create, update')
    expect(failing('database/creds/frontend-readwrite')).toContain('Rule "database/creds/*" grants it')
    expect(failing('sys/policies/acl/web-frontend')).toContain('rewrite its own policy')
    expect(failing('database/creds/frontend-readonly')).toBe('')
  })

  const oneRuleOff: Array<{ mistake: string; edit: [string, string]; says: string[]; failing: number }> = [
    {
      mistake: 'a glob without the slash also matches sibling folders',
      edit: ['"secret/data/frontend/*"', '"secret/data/frontend*"'],
      says: ['secret/data/frontend-admin/config (a sibling of frontend/) is allowed: read', 'end it with "frontend/*"'],
      failing: 1,
    },
    {
      mistake: '"+" does not reach nested secrets',
      edit: ['"secret/data/frontend/*"', '"secret/data/frontend/+"'],
      says: ['secret/data/frontend/team/api-keys', '"+" matches one path segment'],
      failing: 1,
    },
    {
      mistake: 'list on secret/data/ (as in part 6) is useless, not dangerous',
      edit: ['capabilities = ["read"]', 'capabilities = ["read", "list"]'],
      says: ['wants exactly read, Vault grants list, read', 'list on secret/data/ does nothing for KV v2'],
      failing: 2, // both secret/data/frontend/ probes
    },
  ]
  it.for(oneRuleOff)('explains that $mistake', async ({ edit: [from, to], says, failing }, { vault }) => {
    await writePolicy(vault, 'web-frontend', SOLUTION.replace(from, to))
    const result = await checkExercise(vault, 2)
    expect(result.failures).toHaveLength(failing)
    for (const text of says) expect(result.failures[0]).toContain(text)
  })

  it('asks for the root token when the caller may not read policies', async ({ vault }) => {
    await writePolicy(vault, 'web-frontend', SOLUTION)
    const token = await vault.token({ policies: ['default'] })
    const result = await checkExercise(vault, 2, { token })
    expect(result.passed).toBe(false)
    expect(result.failures[0]).toContain('your token may not read policies')
    expect(result.failures[0]).toContain('export VAULT_TOKEN=root')
  })
})
