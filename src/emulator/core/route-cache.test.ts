import { describe, expect, it } from 'vitest'
import { defineBackend } from '../framework/backend.js'
import { definePath } from '../framework/path.js'
import { field } from '../framework/fields.js'
import type { Core } from './core.js'
import type { MountEntry } from './mounts.js'
import { MountTable } from './mounts.js'
import { RouteCache } from './route-cache.js'
import { MemoryStorage } from './storage.js'

const echo = defineBackend({
  kind: 'secret',
  unauthenticated: ['public/*'],
  sudo: ['admin'],
  paths: [
    definePath({ pattern: 'admin', operations: { read: () => ({ data: {} }) } }),
    definePath({ pattern: 'items/:name+', fields: { name: field.string({ doc: 'Item.' }) }, operations: { read: () => ({ data: {} }) } }),
    definePath({ pattern: 'public/:name+', fields: { name: field.string({ doc: 'Item.' }) }, operations: { read: () => ({ data: {} }) } }),
  ],
})

function mount(table: MountTable, path: string): void {
  const entry = { path, class: 'secret', type: 'echo' } as MountEntry
  table.add({ entry, backend: echo({ core: {} as Core, mount: entry, storage: new MemoryStorage() }) })
}

describe('RouteCache', () => {
  it('resolves mount, relative path, pattern, parameters, sudo and unauthenticated', () => {
    const table = new MountTable()
    mount(table, 'kv/')
    const routes = new RouteCache(table)
    const item = routes.resolve('kv/items/a/b')
    expect(item?.mounted.entry.path).toBe('kv/')
    expect(item?.relative).toBe('items/a/b')
    expect(item?.match?.params).toEqual({ name: 'a/b' })
    expect(item?.sudo).toBe(false)
    expect(item?.unauthenticated).toBe(false)
    expect(routes.resolve('kv/admin')?.sudo).toBe(true)
    expect(routes.resolve('kv/public/x')?.unauthenticated).toBe(true)
    expect(routes.resolve('kv/nothing')?.match).toBeUndefined()
    expect(routes.resolve('other/x')).toBeUndefined()
  })

  it('answers a repeated path from memory, with parameters nobody can change', () => {
    const table = new MountTable()
    mount(table, 'kv/')
    const routes = new RouteCache(table)
    const first = routes.resolve('kv/items/a')
    expect(routes.resolve('kv/items/a')).toBe(first)
    expect(Object.isFrozen(first?.match?.params)).toBe(true)
  })

  it('forgets everything when a mount is added, replaced or removed', () => {
    const table = new MountTable()
    mount(table, 'kv/')
    const routes = new RouteCache(table)
    expect(routes.resolve('kv/deep/items/a')?.relative).toBe('deep/items/a')
    expect(routes.resolve('team/items/a')).toBeUndefined()
    // A longer mount now serves the path; a path nothing served gets a mount.
    mount(table, 'kv/deep/')
    mount(table, 'team/')
    expect(routes.resolve('kv/deep/items/a')?.relative).toBe('items/a')
    expect(routes.resolve('team/items/a')?.mounted.entry.path).toBe('team/')
    const before = routes.resolve('team/items/a')
    mount(table, 'team/') // replaced (a tune that changes options re-creates the backend)
    expect(routes.resolve('team/items/a')).not.toBe(before)
    table.remove('team/')
    expect(routes.resolve('team/items/a')).toBeUndefined()
    table.clear()
    expect(routes.resolve('kv/items/a')).toBeUndefined()
  })

  it('holds a bounded number of paths, and no long ones', () => {
    const table = new MountTable()
    mount(table, 'kv/')
    const routes = new RouteCache(table, 3)
    const a = routes.resolve('kv/items/a')
    routes.resolve('kv/items/b')
    routes.resolve('kv/items/c')
    expect(routes.resolve('kv/items/a')).toBe(a)
    routes.resolve('kv/items/d') // full: starts over
    expect(routes.resolve('kv/items/a')).not.toBe(a)
    const long = `kv/items/${'x'.repeat(600)}`
    expect(routes.resolve(long)).not.toBe(routes.resolve(long))
    expect(routes.resolve(long)?.match?.params).toEqual({ name: 'x'.repeat(600) })
  })
})
