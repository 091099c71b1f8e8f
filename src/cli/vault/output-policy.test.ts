import { describe, expect, it } from 'vitest'
import { capabilitiesForRequest, formatPolicy, isSudoPath, OutputPolicyRequest, policyForRequest } from './output-policy.js'

describe('policyForRequest', () => {
  it('prints one path block in vault\'s layout', () => {
    expect(policyForRequest({ method: 'GET', path: 'secret/data/myapp/config' })).toBe('path "secret/data/myapp/config" {\n  capabilities = ["read"]\n}')
  })

  it('maps each method to vault\'s capability', () => {
    expect(capabilitiesForRequest({ method: 'GET', path: 'a' })).toEqual(['read'])
    expect(capabilitiesForRequest({ method: 'PUT', path: 'a' })).toEqual(['create', 'update'])
    expect(capabilitiesForRequest({ method: 'POST', path: 'a' })).toEqual(['create', 'update'])
    expect(capabilitiesForRequest({ method: 'PATCH', path: 'a' })).toEqual(['patch'])
    expect(capabilitiesForRequest({ method: 'DELETE', path: 'a' })).toEqual(['delete'])
    expect(capabilitiesForRequest({ method: 'LIST', path: 'a' })).toEqual(['list'])
  })

  it('treats GET ?list=true as list, and rejects a list value Go cannot parse', () => {
    expect(capabilitiesForRequest({ method: 'GET', path: 'secret/metadata/', query: new URLSearchParams('list=true') })).toEqual(['list'])
    expect(capabilitiesForRequest({ method: 'GET', path: 'a', query: { list: 'false' } })).toEqual(['read'])
    expect(() => capabilitiesForRequest({ method: 'GET', path: 'a', query: { list: 'yes' } })).toThrow(/not a bool/)
  })

  it('adds sudo on root-protected paths only', () => {
    expect(policyForRequest({ method: 'PUT', path: 'sys/audit/file' })).toBe('path "sys/audit/file" {\n  capabilities = ["create", "update", "sudo"]\n}')
    expect(capabilitiesForRequest({ method: 'PUT', path: 'sys/leases/revoke-prefix/database/creds/app-readonly' })).toEqual(['create', 'update', 'sudo'])
    expect(isSudoPath('sys/config/ui/headers/')).toBe(true)
    expect(isSudoPath('sys/plugins/catalog/secret/kv')).toBe(true)
    expect(isSudoPath('sys/plugins/catalog/secret/kv/extra')).toBe(false)
    expect(isSudoPath('sys/mounts/transit')).toBe(false)
    expect(isSudoPath('secret/data/sys/audit')).toBe(false)
  })

  it('drops a leading slash from the path', () => {
    expect(formatPolicy('/secret/data/a', ['read'])).toBe('path "secret/data/a" {\n  capabilities = ["read"]\n}')
  })

  it('carries the request on the error a client throws instead of sending', () => {
    const err = new OutputPolicyRequest({ method: 'DELETE', path: 'secret/data/x' })
    expect(err.message).toBe('output a policy, please')
    expect(err.policy).toContain('capabilities = ["delete"]')
  })
})
