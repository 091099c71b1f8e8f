/** Passwords and secret IDs never reach an audit device in clear, on success or failure. */
import { describe, expect, it } from 'vitest'
import { auditAccess } from '../../core/audit/audit-access.js'
import { authHarness } from './login-test-harness.js'

describe('secrets in audit logs', () => {
  it('hashes userpass passwords and AppRole secret IDs, even when the mount lists them as non-HMAC keys', async () => {
    const up = await authHarness('userpass')
    expect((await up.call('PUT', 'sys/audit/memory', { data: { type: 'memory' } })).status).toBe(204)
    // A mount asking for the password in clear does not get it: the field is declared sensitive.
    await up.tune({ audit_non_hmac_request_keys: ['password'] })
    await up.call('POST', 'auth/userpass/users/alice', { data: { password: 'pw-create-123' } })
    await up.call('POST', 'auth/userpass/login/alice', { token: '', data: { password: 'pw-wrong-456' } })
    await up.call('POST', 'auth/userpass/login/alice', { token: '', data: { password: 'pw-create-123' } })
    const upLog = JSON.stringify(auditAccess(up.core.audit).entries())
    expect(upLog).toContain('auth/userpass/login/alice')
    expect(upLog).not.toContain('pw-create-123')
    expect(upLog).not.toContain('pw-wrong-456')

    const ar = await authHarness('approle')
    await ar.call('PUT', 'sys/audit/memory', { data: { type: 'memory' } })
    await ar.call('POST', 'auth/approle/role/ci', { data: {} })
    const roleId = String((await ar.call('GET', 'auth/approle/role/ci/role-id')).body.data?.['role_id'])
    await ar.call('POST', 'auth/approle/role/ci/custom-secret-id', { data: { secret_id: 'custom-secret-789' } })
    await ar.call('POST', 'auth/approle/login', { token: '', data: { role_id: roleId, secret_id: 'custom-secret-789' } })
    await ar.call('POST', 'auth/approle/login', { token: '', data: { role_id: roleId, secret_id: 'wrong-secret-000' } })
    const arLog = JSON.stringify(auditAccess(ar.core.audit).entries())
    expect(arLog).toContain('auth/approle/login')
    expect(arLog).not.toContain('custom-secret-789')
    expect(arLog).not.toContain('wrong-secret-000')
  })
})
