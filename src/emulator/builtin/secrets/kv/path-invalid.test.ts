import { beforeEach, describe, expect, it } from 'vitest'
import { Core } from '../../../core/core.js'
import { callVault } from '../../../transport/in-process.js'

let core: Core
const call = (method: string, path: string, data?: unknown) => callVault(core, method, path, { token: 'root', data })
const hint = (verb: string) =>
  `Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv ${verb}' for this operation.`
const ROOT = 'Non-listing operations on the root of a K/V v2 mount are not supported.'

beforeEach(async () => {
  core = await Core.create()
})

async function expectWarning(method: string, path: string, warning: string, data?: unknown): Promise<void> {
  const res = await call(method, path, data)
  expect(res.status).toBe(404)
  expect(res.json).toMatchObject({ data: null, warnings: [warning], lease_id: '', mount_type: 'kv' })
}

describe('KV v2 paths outside the API', () => {
  it('answers 404 with a hint naming the CLI verb', async () => {
    await expectWarning('GET', 'secret/foo', hint('get'))
    await expectWarning('POST', 'secret/foo', hint('put'), { a: 'b' })
    await expectWarning('PATCH', 'secret/foo', hint('patch'), { a: 'b' })
    await expectWarning('DELETE', 'secret/foo/bar', hint('delete'))
    await expectWarning('LIST', 'secret/foo', hint('list'))
    await expectWarning('GET', 'secret/', hint('get'))
  })

  it('data/ paths ending in a slash, and listing data/, are outside the API', async () => {
    await expectWarning('LIST', 'secret/data/app', hint('list'))
    await expectWarning('LIST', 'secret/data', hint('list'))
    await expectWarning('GET', 'secret/data/app/', hint('get'))
    await expectWarning('GET', 'secret/config/', hint('get'))
  })

  it('non-listing operations on the bare API roots', async () => {
    for (const root of ['data', 'metadata', 'delete', 'undelete', 'destroy']) {
      await expectWarning('GET', `secret/${root}`, ROOT)
    }
    await expectWarning('POST', 'secret/data', ROOT, { a: 1 })
    await expectWarning('GET', 'secret/subkeys', hint('get'))
  })

  it('a write ending in a slash is refused before routing', async () => {
    expect(await call('POST', 'secret/data/dir/', { data: { a: 1 } })).toMatchObject({ status: 400, json: { errors: ["cannot write to a path ending in '/'"] } })
  })
})
