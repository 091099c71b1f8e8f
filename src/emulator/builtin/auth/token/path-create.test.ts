import { describe, expect, it } from 'vitest'
import type { AuthBlock } from '../../../core/request.js'
import { callVault } from '../../../transport/in-process.js'
import { tokenEmulator } from '../../../../../test/helpers/token-emulator.js'
import { tokenDisplayName } from './path-create.js'

async function emulator() {
  const { core, call, mint } = await tokenEmulator()
  const lookup = async (token: string) => (await call('POST', 'lookup', 'root', { token })).body.data ?? {}
  const policy = (name: string, text: string) => core.policies.set(name, text)
  return { core, call, mint, lookup, policy }
}

const CREATE = 'path "auth/token/create" { capabilities = ["update"] }\npath "auth/token/create-orphan" { capabilities = ["update"] }\npath "auth/token/create/*" { capabilities = ["update"] }'
const SUDO_CREATE = 'path "auth/token/create" { capabilities = ["update", "sudo"] }'

describe('auth/token/create', () => {
  it('answers the CLI’s request with data null and the auth block', async () => {
    const { call, policy } = await emulator()
    await policy('myapp-secrets', 'path "secret/*" { capabilities = ["read"] }')
    const body = {
      policies: ['myapp-secrets'], ttl: '1h', explicit_max_ttl: '', period: '', display_name: '', num_uses: 0, renewable: true,
      type: 'service', entity_alias: '', no_parent: false, no_default_policy: false, meta: null,
    }
    const reply = await call('POST', 'create', 'root', body)
    expect(reply.status).toBe(200)
    expect(reply.body.data).toBeNull()
    expect(reply.body.warnings).toBeNull()
    const auth = reply.body.auth as AuthBlock
    expect(auth).toMatchObject({
      policies: ['default', 'myapp-secrets'],
      token_policies: ['default', 'myapp-secrets'],
      metadata: null,
      lease_duration: 3600,
      renewable: true,
      entity_id: '',
      token_type: 'service',
      orphan: false,
      mfa_requirement: null,
      num_uses: 0,
    })
    expect(auth.client_token).toMatch(/^hvs\.CAESI/)
    expect(auth.client_token).toHaveLength(95)
    expect(auth.accessor).toMatch(/^[0-9A-Za-z]{24}$/)
  })

  it('inherits the parent’s policies: a root parent makes a non-expiring root token', async () => {
    const { mint, lookup } = await emulator()
    const auth = await mint({})
    expect(auth).toMatchObject({ policies: ['root'], lease_duration: 0, renewable: false })
    expect(await lookup(auth.client_token)).toMatchObject({ policies: ['root'], ttl: 0, expire_time: null, creation_ttl: 0 })
  })

  it('inherits a non-root parent’s set, with default only if the parent has it', async () => {
    const { mint, policy } = await emulator()
    await policy('app', CREATE)
    const withDefault = await mint({ policies: ['app'] })
    expect((await mint({}, withDefault.client_token)).policies).toEqual(['app', 'default'])
    const bare = await mint({ policies: ['app'], no_default_policy: true })
    expect((await mint({}, bare.client_token)).policies).toEqual(['app'])
  })

  it('holds non-sudo callers to a subset of their own policies', async () => {
    const { call, mint, policy } = await emulator()
    await policy('app', CREATE)
    await policy('other', '')
    const parent = await mint({ policies: ['app'] })
    const denied = await call('POST', 'create', parent.client_token, { policies: ['other'] })
    expect(denied).toEqual({ status: 400, body: { errors: ['child policies must be subset of parent'] } })
    expect((await mint({ policies: ['app'] }, parent.client_token)).policies).toEqual(['app', 'default'])
    expect((await mint({ policies: ['app'], no_default_policy: true }, parent.client_token)).policies).toEqual(['app'])
  })

  it('lets sudo callers pick any policies, adding default', async () => {
    const { mint, policy } = await emulator()
    await policy('sudoer', SUDO_CREATE)
    await policy('other', '')
    const sudoer = await mint({ policies: ['sudoer'] })
    expect((await mint({ policies: ['other'] }, sudoer.client_token)).policies).toEqual(['default', 'other'])
  })

  it('sorts, lower-cases and de-duplicates policies and accepts a comma string', async () => {
    const { call } = await emulator()
    const reply = await call('POST', 'create', 'root', { policies: 'B, a,a,default' })
    expect(reply.body.auth?.policies).toEqual(['a', 'b', 'default'])
  })

  it('warns about each policy that does not exist, in order', async () => {
    const { call } = await emulator()
    const reply = await call('POST', 'create', 'root', { policies: ['zeta', 'alpha'] })
    expect(reply.status).toBe(200)
    expect(reply.body.warnings).toEqual(['Policy "alpha" does not exist', 'Policy "zeta" does not exist'])
  })

  it('strips default with no_default_policy, even when asked for explicitly', async () => {
    const { mint } = await emulator()
    expect((await mint({ policies: ['default', 'x'], no_default_policy: true })).policies).toEqual(['x'])
  })

  it('lets only a root parent create root tokens, and never batch ones', async () => {
    const { call, mint, policy } = await emulator()
    await policy('sudoer', SUDO_CREATE)
    const sudoer = await mint({ policies: ['sudoer'] })
    expect(await call('POST', 'create', sudoer.client_token, { policies: ['root'] })).toEqual({
      status: 400,
      body: { errors: ['root tokens may not be created without parent token being root'] },
    })
    expect(await call('POST', 'create', 'root', { type: 'batch' })).toEqual({
      status: 400,
      body: { errors: ['batch tokens cannot be root tokens'] },
    })
    expect((await mint({ policies: ['root', 'x'] })).policies).toEqual(['root'])
  })

  it('refuses internal policies', async () => {
    const { call } = await emulator()
    expect(await call('POST', 'create', 'root', { policies: ['response-wrapping'] })).toEqual({
      status: 400,
      body: { errors: ['cannot assign policy "response-wrapping"'] },
    })
  })

  it('takes a custom id from root or sudo callers only, with the SHA1 warning', async () => {
    const { call, mint, policy, lookup } = await emulator()
    const reply = await call('POST', 'create', 'root', { id: 'my-token', policies: ['x'] })
    expect(reply.status).toBe(200)
    expect(reply.body.auth?.client_token).toBe('my-token')
    expect(reply.body.warnings?.[0]).toBe(
      'Supplying a custom ID for the token uses the weaker SHA1 hashing instead of the more secure SHA2-256 HMAC for token obfuscation. SHA1 hashed tokens on the wire leads to less secure lookups.',
    )
    expect(await lookup('my-token')).toMatchObject({ id: 'my-token' })

    await policy('app', CREATE)
    const plain = await mint({ policies: ['app'] })
    expect(await call('POST', 'create', plain.client_token, { id: 'x1' })).toEqual({
      status: 400,
      body: { errors: ['root or sudo privileges required to specify token id'] },
    })
    await policy('sudoer', SUDO_CREATE)
    const sudoer = await mint({ policies: ['sudoer'] })
    expect((await mint({ id: 'from-sudo' }, sudoer.client_token)).client_token).toBe('from-sudo')
  })

  it('validates custom ids', async () => {
    const { call } = await emulator()
    const cases: [string, string][] = [
      ['hvs.abc', "custom token ID cannot have the 'hvs.' prefix"],
      ['s.abc', "custom token ID cannot have the 's.' prefix"],
      ['a.b', "custom token ID cannot have a '.' in the value"],
      ['root', 'cannot create a token with a duplicate ID'],
    ]
    for (const [id, message] of cases) {
      expect(await call('POST', 'create', 'root', { id })).toEqual({ status: 400, body: { errors: [message] } })
    }
  })

  it('makes orphans with no_parent (root or sudo only) and with create-orphan', async () => {
    const { call, mint, policy } = await emulator()
    expect((await mint({ no_parent: true, policies: ['x'] })).orphan).toBe(true)
    await policy('app', CREATE)
    const plain = await mint({ policies: ['app'] })
    expect(await call('POST', 'create', plain.client_token, { no_parent: true })).toEqual({
      status: 400,
      body: { errors: ['root or sudo privileges required to create orphan token'] },
    })
    const orphan = await mint({}, plain.client_token, 'create-orphan')
    expect(orphan.orphan).toBe(true)
    expect(orphan.policies).toEqual(['app', 'default'])
  })

  it('makes the caller the parent: revoking it revokes the child', async () => {
    const { call, mint, policy } = await emulator()
    await policy('app', CREATE)
    const parent = await mint({ policies: ['app'] })
    const child = await mint({}, parent.client_token)
    const orphan = await mint({}, parent.client_token, 'create-orphan')
    expect((await call('POST', 'revoke', 'root', { token: parent.client_token })).status).toBe(204)
    expect(await call('GET', 'lookup-self', child.client_token)).toEqual({ status: 403, body: { errors: ['permission denied'] } })
    expect((await call('GET', 'lookup-self', orphan.client_token)).status).toBe(200)
  })

  it('sanitises display names', async () => {
    expect(tokenDisplayName('')).toBe('token')
    expect(tokenDisplayName('My App!')).toBe('token-My-App')
    expect(tokenDisplayName('a--')).toBe('token-a-')
    const { mint, lookup } = await emulator()
    const auth = await mint({ display_name: 'ci job/7', policies: ['x'] })
    expect(await lookup(auth.client_token)).toMatchObject({ display_name: 'token-ci-job-7' })
    expect(await lookup((await mint({ policies: ['x'] })).client_token)).toMatchObject({ display_name: 'token' })
  })

  it('carries meta and num_uses, refusing negative uses', async () => {
    const { call, mint, lookup } = await emulator()
    const auth = await mint({ meta: { team: 'a' }, num_uses: 3, policies: ['x'] })
    expect(auth.metadata).toEqual({ team: 'a' })
    expect(auth.num_uses).toBe(3)
    expect(await lookup(auth.client_token)).toMatchObject({ meta: { team: 'a' }, num_uses: 3 })
    expect(await call('POST', 'create', 'root', { num_uses: -1 })).toEqual({
      status: 400,
      body: { errors: ['number of uses cannot be negative'] },
    })
  })

  it('validates ttl, lease, explicit_max_ttl and period', async () => {
    const { call } = await emulator()
    const cases: [Record<string, unknown>, string][] = [
      [{ ttl: '-1' }, 'ttl must be positive'],
      [{ ttl: '1x' }, 'time: unknown unit "x" in duration "1x"'],
      [{ lease: '-1h' }, 'lease must be positive'],
      [{ lease: '3600' }, 'time: missing unit in duration "3600"'],
      [{ explicit_max_ttl: -5 }, 'explicit_max_ttl must be positive'],
      [{ period: '-1m' }, 'period must be positive'],
    ]
    for (const [data, message] of cases) {
      expect(await call('POST', 'create', 'root', { policies: ['x'], ...data })).toEqual({ status: 400, body: { errors: [message] } })
    }
  })

  it('accepts ttl as seconds or a duration, and the legacy lease field', async () => {
    const { mint } = await emulator()
    expect((await mint({ policies: ['x'], ttl: 90 })).lease_duration).toBe(90)
    expect((await mint({ policies: ['x'], ttl: '7d' })).lease_duration).toBe(7 * 86400)
    expect((await mint({ policies: ['x'], lease: '2h' })).lease_duration).toBe(7200)
  })

  it('defaults the TTL to the token mount’s default (768h), and follows tuning', async () => {
    const { core, mint } = await emulator()
    expect((await mint({ policies: ['x'] })).lease_duration).toBe(2764800)
    const mount = core.mounts.get('auth/token/')?.entry
    if (!mount) throw new Error('no token mount')
    core.updateMount({ ...mount, config: { ...mount.config, default_lease_ttl: 3600 } })
    expect((await mint({ policies: ['x'] })).lease_duration).toBe(3600)
  })

  it('caps the TTL at the mount max with a warning', async () => {
    const { core, call } = await emulator()
    const mount = core.mounts.get('auth/token/')?.entry
    if (!mount) throw new Error('no token mount')
    core.updateMount({ ...mount, config: { ...mount.config, max_lease_ttl: 7200 } })
    const reply = await call('POST', 'create', 'root', { policies: ['default'], ttl: '5h' })
    expect(reply.body.auth?.lease_duration).toBe(7200)
    expect(reply.body.warnings).toEqual(['TTL of "5h" exceeded the effective max_ttl of "2h"; TTL value is capped accordingly'])
  })

  it('caps the TTL at explicit_max_ttl and records it', async () => {
    const { call, lookup } = await emulator()
    const reply = await call('POST', 'create', 'root', { policies: ['default'], ttl: '2h', explicit_max_ttl: '1h' })
    expect(reply.body.auth?.lease_duration).toBe(3600)
    expect(reply.body.warnings).toEqual(['TTL of "2h" exceeded the effective max_ttl of "1h"; TTL value is capped accordingly'])
    expect(await lookup(reply.body.auth?.client_token ?? '')).toMatchObject({ explicit_max_ttl: 3600, creation_ttl: 3600 })
  })

  it('binds a root token to its explicit max', async () => {
    const { mint } = await emulator()
    const auth = await mint({ explicit_max_ttl: '1h' })
    expect(auth).toMatchObject({ policies: ['root'], lease_duration: 3600, renewable: true })
  })

  it('makes periodic tokens for root or sudo callers only', async () => {
    const { call, mint, policy, lookup } = await emulator()
    const auth = await mint({ policies: ['default'], period: '30m', ttl: '5h' })
    expect(auth.lease_duration).toBe(1800)
    expect(await lookup(auth.client_token)).toMatchObject({ period: 1800, ttl: 1800 })
    await policy('app', CREATE)
    const plain = await mint({ policies: ['app'] })
    expect(await call('POST', 'create', plain.client_token, { period: '1h' })).toEqual({
      status: 400,
      body: { errors: ['root or sudo privileges required to create periodic token'] },
    })
  })

  it('passes a parent’s bound CIDRs to its children, but not to orphans', async () => {
    const { core, call, mint, lookup, policy } = await emulator()
    await policy('app', CREATE)
    await call('POST', 'roles/bound', 'root', { allowed_policies: 'app', token_bound_cidrs: '127.0.0.0/8' })
    const bound = await mint({}, 'root', 'create/bound')
    const child = await mint({}, bound.client_token)
    expect(await lookup(child.client_token)).toMatchObject({ bound_cidrs: ['127.0.0.0/8'] })
    const orphan = await mint({}, bound.client_token, 'create-orphan')
    expect(await lookup(orphan.client_token)).not.toHaveProperty('bound_cidrs')
    const elsewhere = await callVault(core, 'GET', 'auth/token/lookup-self', { token: child.client_token, remoteAddress: '10.1.2.3' })
    expect(elsewhere.status).toBe(403)
  })

  it('honours renewable=false', async () => {
    const { mint } = await emulator()
    expect((await mint({ policies: ['x'], renewable: false })).renewable).toBe(false)
  })

  it('refuses non-expiring root tokens from an expiring root parent', async () => {
    const { call, mint } = await emulator()
    const expiringRoot = await mint({ ttl: '1h' })
    expect(expiringRoot).toMatchObject({ policies: ['root'], lease_duration: 3600 })
    expect(await call('POST', 'create', expiringRoot.client_token, {})).toEqual({
      status: 400,
      body: { errors: ['expiring root tokens cannot create non-expiring root tokens'] },
    })
  })

  it('creates batch tokens with their restrictions', async () => {
    const { call, mint, lookup } = await emulator()
    const batch = await mint({ type: 'batch', policies: ['x'], ttl: '10m' })
    expect(batch).toMatchObject({ accessor: '', renewable: false, token_type: 'batch', lease_duration: 600 })
    expect(batch.client_token).toMatch(/^hvb\./)
    expect(await lookup(batch.client_token)).toMatchObject({ type: 'batch', renewable: false, ttl: 600 })
    const cases: [Record<string, unknown>, string][] = [
      [{ period: '1h' }, 'batch tokens cannot have "period" set'],
      [{ num_uses: 2 }, 'batch tokens cannot have "num_uses" set'],
      [{ explicit_max_ttl: '1h' }, 'batch tokens cannot have "explicit_max_ttl" set'],
      [{ explicit_max_ttl: 'zz' }, '"explicit_max_ttl" value could not be parsed'],
    ]
    for (const [data, message] of cases) {
      expect(await call('POST', 'create', 'root', { type: 'batch', policies: ['x'], ...data })).toEqual({
        status: 400,
        body: { errors: [message] },
      })
    }
    expect(await call('POST', 'create', 'root', { type: 'weird' })).toEqual({ status: 400, body: { errors: ["invalid 'token_type' value"] } })
  })

  it('refuses children of limited-use and batch parents', async () => {
    const { call, mint, policy } = await emulator()
    await policy('app', CREATE)
    const limited = await mint({ policies: ['app'], num_uses: 5 })
    expect(await call('POST', 'create', limited.client_token, {})).toEqual({
      status: 400,
      body: { errors: ['restricted use token cannot generate child tokens'] },
    })
    const batch = await mint({ policies: ['app'], type: 'batch' })
    expect(await call('POST', 'create', batch.client_token, {})).toEqual({
      status: 400,
      body: { errors: ['batch tokens cannot create more tokens'] },
    })
  })

  it('needs the ACL: a token without create rights gets the multierror 403', async () => {
    const { call, mint } = await emulator()
    const plain = await mint({ policies: ['default'] })
    expect(await call('POST', 'create', plain.client_token, {})).toEqual({
      status: 403,
      body: { errors: ['1 error occurred:\n\t* permission denied\n\n'] },
    })
  })

  it('rejects entity_alias without a role and warns about unknown fields', async () => {
    const { call } = await emulator()
    expect(await call('POST', 'create', 'root', { entity_alias: 'me' })).toEqual({
      status: 400,
      body: { errors: ["'entity_alias' is only allowed in combination with token role"] },
    })
    const reply = await call('POST', 'create', 'root', { policies: ['default'], colour: 'blue' })
    expect(reply.body.warnings).toEqual(['Endpoint ignored these unrecognized parameters: [colour]'])
  })
})

describe('auth/token/create/<role>', () => {
  it('fails for an unknown role', async () => {
    const { call } = await emulator()
    expect(await call('POST', 'create/nope', 'root', {})).toEqual({ status: 400, body: { errors: ['unknown role nope'] } })
  })

  it('uses the role’s allowed policies and enforces them', async () => {
    const { call, mint, policy } = await emulator()
    await call('POST', 'roles/app', 'root', { allowed_policies: ['a', 'b'], disallowed_policies: ['c'] })
    expect((await mint({}, 'root', 'create/app')).policies).toEqual(['a', 'b', 'default'])
    expect((await mint({ policies: ['a'] }, 'root', 'create/app')).policies).toEqual(['a', 'default'])
    expect(await call('POST', 'create/app', 'root', { policies: ['z'] })).toEqual({
      status: 400,
      body: {
        errors: [`token policies (["default" "z"]) must be subset of the role's allowed policies (["a" "b" "default"]) or glob policies ([])`],
      },
    })
    // A role's list escapes the subset rule for non-sudo callers.
    await policy('app', CREATE)
    const plain = await mint({ policies: ['app'] })
    expect((await mint({ policies: ['b'] }, plain.client_token, 'create/app')).policies).toEqual(['b', 'default'])
  })

  it('enforces disallowed policies and globs', async () => {
    const { call } = await emulator()
    await call('POST', 'roles/deny', 'root', { disallowed_policies: 'c', allowed_policies_glob: 'team-*', disallowed_policies_glob: 'team-x*' })
    expect((await call('POST', 'create/deny', 'root', { policies: ['team-a'] })).body.auth?.policies).toEqual(['default', 'team-a'])
    expect(await call('POST', 'create/deny', 'root', { policies: ['team-xy'] })).toEqual({
      status: 400,
      body: { errors: ['token policy "team-xy" is disallowed by this role'] },
    })
    await call('POST', 'roles/nodefault', 'root', { disallowed_policies: 'default' })
    expect((await call('POST', 'create/nodefault', 'root', { policies: ['p'] })).body.auth?.policies).toEqual(['p'])
  })

  it('applies orphan, renewable, path_suffix, num_uses and bound CIDRs', async () => {
    const { call, mint, lookup } = await emulator()
    const role = await call('POST', 'roles/ci', 'root', {
      allowed_policies: 'ci', orphan: true, renewable: false, path_suffix: 'rev1', token_num_uses: 4, token_bound_cidrs: '127.0.0.1/32',
    })
    expect(role.status).toBe(204)
    const auth = await mint({}, 'root', 'create/ci')
    expect(auth).toMatchObject({ orphan: true, renewable: false, num_uses: 4 })
    expect(await lookup(auth.client_token)).toMatchObject({
      path: 'auth/token/create/ci/rev1', role: 'ci', bound_cidrs: ['127.0.0.1/32'], orphan: true,
    })
    expect((await mint({ num_uses: 2 }, 'root', 'create/ci')).num_uses).toBe(2)
    expect((await mint({ num_uses: 9 }, 'root', 'create/ci')).num_uses).toBe(4)
  })

  it('gives role periods without sudo and merges explicit max TTLs with a warning', async () => {
    const { call, mint, policy } = await emulator()
    await call('POST', 'roles/periodic', 'root', { allowed_policies: 'app', token_period: '1h', token_explicit_max_ttl: '10h' })
    await policy('app', CREATE)
    const plain = await mint({ policies: ['app'] })
    expect((await mint({}, plain.client_token, 'create/periodic')).lease_duration).toBe(3600)
    const reply = await call('POST', 'create/periodic', 'root', { explicit_max_ttl: '2h' })
    expect(reply.body.warnings).toContain(
      'Explicit max TTL specified both during creation call and in role; using the lesser value of 7200 seconds',
    )
  })

  it('creates batch tokens from a batch role', async () => {
    const { call, mint } = await emulator()
    expect((await call('POST', 'roles/b', 'root', { allowed_policies: 'x', token_type: 'batch', orphan: true, renewable: false })).status).toBe(204)
    expect(await mint({}, 'root', 'create/b')).toMatchObject({ token_type: 'batch', orphan: true })
    await call('POST', 'roles/db', 'root', { allowed_policies: 'x', token_type: 'default-batch' })
    expect((await mint({}, 'root', 'create/db')).token_type).toBe('batch')
    expect((await mint({ type: 'service' }, 'root', 'create/db')).token_type).toBe('service')
  })

  it('accepts an allowed entity alias with a stable entity id', async () => {
    const { call, mint } = await emulator()
    await call('POST', 'roles/ent', 'root', { allowed_policies: 'x', allowed_entity_aliases: 'svc-*' })
    const first = await mint({ entity_alias: 'SVC-A' }, 'root', 'create/ent')
    const second = await mint({ entity_alias: 'svc-a' }, 'root', 'create/ent')
    expect(first.entity_id).toMatch(/^[0-9a-f-]{36}$/)
    expect(second.entity_id).toBe(first.entity_id)
    expect(await call('POST', 'create/ent', 'root', { entity_alias: 'other' })).toEqual({
      status: 400,
      body: { errors: ["invalid 'entity_alias' value"] },
    })
  })
})
