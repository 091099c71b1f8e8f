import { describe, expect, it } from 'vitest'
import { ApiError, apiPath, VaultClient } from './client.js'

describe('VaultClient URLs', () => {
  it("clean paths as Go's path.Join does in vault's API client", () => {
    expect(apiPath('sys/mounts/kv2/')).toBe('sys/mounts/kv2')
    expect(apiPath('/secret//data/./a/../b/')).toBe('secret/data/b')
    expect(new VaultClient('http://127.0.0.1:8200', undefined).url('secret/metadata/', { list: 'true' })).toBe('http://127.0.0.1:8200/v1/secret/metadata?list=true')
  })
})

describe('ApiError', () => {
  it("prints vault's error block; several errors run together as vault prints them", () => {
    expect(new ApiError('GET', 'http://h/v1/x', 403, ['permission denied']).message).toBe('Error making API request.\n\nURL: GET http://h/v1/x\nCode: 403. Errors:\n\n* permission denied')
    expect(new ApiError('PUT', 'http://h/v1/x', 400, ['a', 'b']).message).toBe('Error making API request.\n\nURL: PUT http://h/v1/x\nCode: 400. Errors:\n\n* a* b')
    expect(new ApiError('GET', 'http://h/v1/x', 502, ['<html>bad gateway</html>'], true).message).toBe('Error making API request.\n\nURL: GET http://h/v1/x\nCode: 502. Raw Message:\n\n<html>bad gateway</html>')
  })
})
