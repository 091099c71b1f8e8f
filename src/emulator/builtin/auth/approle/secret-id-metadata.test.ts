import { describe, expect, it } from 'vitest'
import { MetadataError, parseSecretIdMetadata } from './secret-id-metadata.js'

describe('secret ID metadata', () => {
  it('takes a JSON string (CLI, hashi-vault-js), an object, base64 JSON or k=v pairs', () => {
    expect(parseSecretIdMetadata('{"env":"prod","team":"ci"}')).toEqual({ env: 'prod', team: 'ci' })
    expect(parseSecretIdMetadata({ env: 'prod' })).toEqual({ env: 'prod' })
    expect(parseSecretIdMetadata(Buffer.from('{"env":"prod"}').toString('base64'))).toEqual({ env: 'prod' })
    expect(parseSecretIdMetadata('Env=Prod, team=ci')).toEqual({ env: 'prod', team: 'ci' })
    expect(parseSecretIdMetadata('')).toEqual({})
    expect(parseSecretIdMetadata(undefined)).toEqual({})
  })

  it("refuses what Vault refuses, in Vault's words", () => {
    expect(() => parseSecretIdMetadata('{"n":1}')).toThrow('failed to parse the input: invalid <key,value> format')
    expect(() => parseSecretIdMetadata('a=b=c')).toThrow('failed to parse the input: invalid <key,value> format')
    expect(() => parseSecretIdMetadata('a=')).toThrow('failed to parse the input: invalid <key,value> pair: key: "a" value: ""')
    expect(() => parseSecretIdMetadata('{"a":""}')).toThrow('invalid value for key "a"')
    expect(() => parseSecretIdMetadata({ n: 1 })).toThrow(MetadataError)
  })
})
