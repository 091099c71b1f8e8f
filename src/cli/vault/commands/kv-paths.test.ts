import { describe, expect, it } from 'vitest'
import { addPrefixToKvPath, headerForMap, joinPath, padEqualSigns, parseVersionsFlags, pathBanner, sanitizePath } from './kv-paths.js'

describe('KV v2 path mapping', () => {
  it('puts the API prefix after the mount', () => {
    expect(addPrefixToKvPath('secret/myapp/database', 'secret/', 'data')).toBe('secret/data/myapp/database')
    expect(addPrefixToKvPath('kv2/a/b', 'kv2/', 'metadata')).toBe('kv2/metadata/a/b')
    expect(addPrefixToKvPath('team/kv/x', 'team/kv/', 'destroy')).toBe('team/kv/destroy/x')
  })

  it('maps the mount itself to the bare prefix', () => {
    expect(addPrefixToKvPath('secret', 'secret/', 'metadata')).toBe('secret/metadata')
    expect(addPrefixToKvPath('secret/', 'secret/', 'metadata')).toBe('secret/metadata')
  })

  it('drops a namespace the typed path lacks', () => {
    expect(addPrefixToKvPath('secret/foo', 'ns1/secret/', 'data')).toBe('secret/data/foo')
  })

  it('joins and sanitizes like Go', () => {
    expect(joinPath('secret/', 'data', '')).toBe('secret/data')
    expect(joinPath('', '')).toBe('')
    expect(joinPath('a//b/', 'c/')).toBe('a/b/c')
    expect(sanitizePath('/secret/foo/')).toBe('secret/foo')
    expect(parseVersionsFlags(['1,2', '3'])).toEqual(['1', '2', '3'])
  })
})

describe('section titles', () => {
  it('pads to the table width, evenly, at least two signs a side', () => {
    expect(padEqualSigns('Data', 17)).toBe('====== Data ======')
    expect(padEqualSigns('Data', 3)).toBe('== Data ==')
    expect(headerForMap('Metadata', { created_time: 1, custom_metadata: 1, deletion_time: 1, destroyed: 1, version: 1 })).toBe('======= Metadata =======')
    expect(headerForMap('Data', { host: 1, password: 1, username: 1 })).toBe('====== Data ======')
    expect(pathBanner('Secret Path', 'secret/data/myapp/database')).toBe('======= Secret Path =======\nsecret/data/myapp/database\n\n')
  })
})
