import { beforeEach, describe, expect, it } from 'vitest'
import { Core } from '../../../core/core.js'
import { callVault } from '../../../transport/in-process.js'

let core: Core
const call = (method: string, path: string, data?: unknown) => callVault(core, method, path, { token: 'root', data })

beforeEach(async () => {
  core = await Core.create({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
  await call('POST', 'sys/mounts/kv', { type: 'kv', options: { version: '1' } })
  await call('POST', 'kv/app/db', { username: 'app', password: 'p4ss' })
  await call('POST', 'kv/top', { n: 1 })
})

describe('KV v1 → v2 upgrade (a tune of options.version, vault kv enable-versioning)', () => {
  it('turns every unversioned key into version 1 of a versioned secret, created at the upgrade', async () => {
    await core.clock.advance('1h')
    expect((await call('POST', 'sys/mounts/kv/tune', { options: { version: '2' } })).status).toBe(204)

    const read = await call('GET', 'kv/data/app/db')
    expect(read.status).toBe(200)
    expect(read.json).toMatchObject({
      data: { data: { username: 'app', password: 'p4ss' }, metadata: { version: 1, created_time: '2030-01-01T01:00:00Z', destroyed: false } },
    })
    expect((await call('GET', 'kv/data/top')).json).toMatchObject({ data: { data: { n: 1 } } })
    expect((await call('GET', 'kv/metadata/?list=true')).json).toMatchObject({ data: { keys: ['app/', 'top'] } })
    expect((await call('GET', 'kv/metadata/app/?list=true')).json).toMatchObject({ data: { keys: ['db'] } })
  })

  it('leaves no unversioned copy behind, and the next write is version 2', async () => {
    await call('POST', 'sys/mounts/kv/tune', { options: { version: '2' } })
    expect((await call('GET', 'kv/app/db')).status).toBe(404)
    const written = await call('POST', 'kv/data/app/db', { data: { username: 'app', password: 'n3w' } })
    expect(written.json).toMatchObject({ data: { version: 2 } })
    expect((await call('GET', 'kv/data/app/db?version=1')).json).toMatchObject({ data: { data: { password: 'p4ss' } } })
  })

  it('does nothing to a mount that is already v2', async () => {
    await call('POST', 'sys/mounts/kv/tune', { options: { version: '2' } })
    await call('POST', 'kv/data/app/db', { data: { password: 'n3w' } })
    await call('POST', 'sys/mounts/kv/tune', { options: { version: '2' }, description: 'again' })
    expect((await call('GET', 'kv/data/app/db')).json).toMatchObject({ data: { data: { password: 'n3w' }, metadata: { version: 2 } } })
  })
})
