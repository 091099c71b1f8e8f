import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startVaultEmulator, type VaultEmulator } from '../../../index.js'
import { emulatorWithCli, vaultCli } from '../../../../test/helpers/vault-cli.js'

describe('the seal ceremony (lesson Part 3) with --seal shamir', () => {
  let vault: VaultEmulator
  let cli: ReturnType<typeof vaultCli>
  const keys: string[] = []
  let rootToken = ''
  beforeAll(async () => {
    vault = await startVaultEmulator({ port: 0, seal: 'shamir' })
    cli = vaultCli({ VAULT_ADDR: vault.addr })
  })
  afterAll(async () => vault.stop())

  it('init -key-shares=5 -key-threshold=3 prints five keys, the root token and the advice', async () => {
    expect(await cli.run('operator', 'init', '-status')).toEqual({ code: 2, stdout: 'Vault is not initialized\n', stderr: '' })
    const r = await cli.run('operator', 'init', '-key-shares=5', '-key-threshold=3')
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    for (let i = 0; i < 5; i++) {
      const match = new RegExp(`^Unseal Key ${i + 1}: (\\S+)$`).exec(lines[i] as string)
      expect(match).not.toBeNull()
      keys.push(match?.[1] as string)
    }
    expect(lines[5]).toBe('')
    rootToken = /^Initial Root Token: (\S+)$/.exec(lines[6] as string)?.[1] as string
    expect(rootToken).toMatch(/^hvs\./)
    expect(lines.slice(7).join('\n')).toBe(
      [
        '',
        'Vault initialized with 5 key shares and a key threshold of 3. Please securely',
        'distribute the key shares printed above. When the Vault is re-sealed,',
        'restarted, or stopped, you must supply at least 3 of these keys to unseal it',
        'before it can start servicing requests.',
        '',
        'Vault does not store the generated root key. Without at least 3 keys to',
        'reconstruct the root key, Vault will remain permanently sealed!',
        '',
        'It is possible to generate new unseal keys, provided you have a quorum of',
        'existing unseal keys shares. See "vault operator rekey" for more information.',
        '',
      ].join('\n'),
    )
  })

  it('status exits 2 while sealed and shows the unseal progress', async () => {
    const r = await cli.run('status')
    expect(r.code).toBe(2)
    expect(r.stdout).toContain('\nSealed             true\n')
    expect(r.stdout).toContain('\nTotal Shares       5\n')
    expect(r.stdout).toContain('\nUnseal Progress    0/3\n')
  })

  it('a sealed Vault answers 503 "Vault is sealed"', async () => {
    const r = await vaultCli({ VAULT_ADDR: vault.addr, VAULT_TOKEN: rootToken }).run('secrets', 'list')
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`Error listing secrets engines: Error making API request.\n\nURL: GET ${vault.addr}/v1/sys/mounts\nCode: 503. Errors:\n\n* Vault is sealed\n`)
  })

  it('unseals with three of the five keys: progress 1/3, 2/3, then Sealed false', async () => {
    const first = await cli.run('operator', 'unseal', keys[0] as string)
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/^Key                Value\n---                -----\nSeal Type          shamir\nInitialized        true\nSealed             true\nTotal Shares       5\nThreshold          3\nUnseal Progress    1\/3\nUnseal Nonce       \S+\nVersion /)
    const second = await cli.runWithStdin(`${keys[3]}\n`, 'operator', 'unseal')
    expect(second.stdout).toMatch(/^Unseal Key \(will be hidden\): \n/)
    expect(second.stdout).toContain('\nUnseal Progress    2/3\n')
    const third = await cli.run('operator', 'unseal', keys[4] as string)
    expect(third.code).toBe(0)
    expect(third.stdout).toContain('\nSealed          false\n')
    expect(third.stdout).not.toContain('Unseal Progress')
    expect((await cli.run('status')).code).toBe(0)
  })

  it('-reset discards a partial unseal', async () => {
    const root = vaultCli({ VAULT_ADDR: vault.addr, VAULT_TOKEN: rootToken })
    expect(await root.run('operator', 'seal')).toEqual({ code: 0, stdout: 'Success! Vault is sealed.\n', stderr: '' })
    expect((await cli.run('operator', 'unseal', keys[1] as string)).stdout).toContain('Unseal Progress    1/3')
    expect((await cli.run('operator', 'unseal', '-reset')).stdout).toContain('Unseal Progress    0/3')
    for (const key of keys.slice(0, 3)) await cli.run('operator', 'unseal', key)
    expect((await cli.run('status', '-field=sealed')).stdout).toBe('false')
  })

  it('generate-root: a new root token from three key shares after the root token was revoked (lesson Part 6)', async () => {
    const root = vaultCli({ VAULT_ADDR: vault.addr, VAULT_TOKEN: rootToken })
    expect(await cli.run('operator', 'generate-root', keys[0] as string)).toMatchObject({ code: 1, stderr: expect.stringContaining('No root generation is in progress') })
    expect((await root.run('token', 'revoke', rootToken)).code).toBe(0)
    expect((await root.run('secrets', 'list')).code).toBe(2) // the old root token is gone

    const init = await cli.run('operator', 'generate-root', '-init')
    expect(init.code).toBe(0)
    expect(init.stderr).toContain('A One-Time-Password has been generated for you')
    const nonce = /^Nonce +(\S+)$/m.exec(init.stdout)?.[1] as string
    const otp = /^OTP +(\S+)$/m.exec(init.stdout)?.[1] as string
    expect(init.stdout).toMatch(/^Started +true\nProgress +0\/3\nComplete +false\n/m)
    expect(otp).toHaveLength(28)

    expect(await cli.run('operator', 'generate-root', keys[1] as string)).toMatchObject({ code: 1, stderr: 'Missing nonce value: specify it via the -nonce flag\n' })
    expect((await cli.run('operator', 'generate-root', `-nonce=${nonce}`, keys[1] as string)).stdout).toMatch(/^Progress +1\/3$/m)
    expect((await cli.runWithStdin(`${keys[2] as string}\n`, 'operator', 'generate-root', `-nonce=${nonce}`, '-')).stdout).toMatch(/^Progress +2\/3$/m)
    const last = await cli.run('operator', 'generate-root', `-nonce=${nonce}`, keys[3] as string)
    expect(last.stdout).toMatch(/^Complete +true$/m)
    const encoded = /^Encoded Token +(\S+)$/m.exec(last.stdout)?.[1] as string

    expect(await cli.run('operator', 'generate-root', `-decode=${encoded}`)).toMatchObject({ code: 1, stderr: 'Missing otp: use -otp to supply it\n' })
    const decoded = await cli.run('operator', 'generate-root', `-decode=${encoded}`, `-otp=${otp}`)
    expect(decoded.code).toBe(0)
    const newRoot = decoded.stdout.trim()
    expect(newRoot).toMatch(/^hvs\./)
    const lookup = await vaultCli({ VAULT_ADDR: vault.addr, VAULT_TOKEN: newRoot }).run('token', 'lookup', '-field=policies')
    expect(lookup.stdout).toBe('[root]')
    rootToken = newRoot

    expect((await cli.run('operator', 'generate-root', '-init')).code).toBe(0)
    expect(await cli.run('operator', 'generate-root', '-cancel')).toEqual({ code: 0, stdout: 'Success! Root token generation canceled (if it was started)\n', stderr: '' })
    expect((await cli.run('operator', 'generate-root', '-status')).stdout).toMatch(/^Started +false$/m)
  })

  it('rekey: new unseal keys (3 shares, threshold 2) from three of the old ones; unseal then takes two new keys', async () => {
    expect(await cli.run('operator', 'rekey', keys[0] as string)).toMatchObject({ code: 1, stderr: expect.stringContaining('No rekey is in progress') })
    const init = await cli.run('operator', 'rekey', '-init', '-key-shares=3', '-key-threshold=2')
    expect(init.code).toBe(0)
    expect(init.stderr).toContain('WARNING! If you lose the keys after they are returned, there is no recovery.')
    expect(init.stdout).toMatch(/^Started +true\nRekey Progress +0\/3\nNew Shares +3\nNew Threshold +2\nVerification Required +false$/m)
    const nonce = /^Nonce +(\S+)$/m.exec(init.stdout)?.[1] as string

    expect((await cli.run('operator', 'rekey', `-nonce=${nonce}`, keys[0] as string)).stdout).toMatch(/^Rekey Progress +1\/3$/m)
    await cli.run('operator', 'rekey', `-nonce=${nonce}`, keys[1] as string)
    const done = await cli.run('operator', 'rekey', `-nonce=${nonce}`, keys[2] as string)
    expect(done.code).toBe(0)
    const fresh = [...done.stdout.matchAll(/^Key (\d): (\S+)$/gm)].map((m) => m[2] as string)
    expect(fresh).toHaveLength(3)
    expect(done.stdout).toContain(`Operation nonce: ${nonce}`)
    expect(done.stdout).toContain('Vault rekeyed with 3 key shares and a key threshold of 2.')

    const root = vaultCli({ VAULT_ADDR: vault.addr, VAULT_TOKEN: rootToken })
    expect((await root.run('operator', 'seal')).code).toBe(0)
    expect((await cli.run('operator', 'unseal', fresh[0] as string)).stdout).toContain('Unseal Progress    1/2')
    expect((await cli.run('operator', 'unseal', fresh[2] as string)).stdout).toMatch(/^Sealed +false$/m)
    expect((await cli.run('status', '-field=sealed')).stdout).toBe('false')
    expect((await cli.run('operator', 'rekey', '-init', '-key-shares=1', '-key-threshold=1')).code).toBe(0)
    expect(await cli.run('operator', 'rekey', '-cancel')).toEqual({ code: 0, stdout: 'Success! Canceled rekeying (if it was started)\n', stderr: '' })
  })

  it('init -format=json prints the machine-readable keys', async () => {
    const fresh = await startVaultEmulator({ port: 0, seal: 'shamir' })
    try {
      const r = await vaultCli({ VAULT_ADDR: fresh.addr }).run('operator', 'init', '-key-shares=1', '-key-threshold=1', '-format=json')
      const json = JSON.parse(r.stdout) as Record<string, unknown>
      expect(Object.keys(json)).toEqual(['unseal_keys_b64', 'unseal_keys_hex', 'unseal_shares', 'unseal_threshold', 'recovery_keys_b64', 'recovery_keys_hex', 'recovery_keys_shares', 'recovery_keys_threshold', 'root_token'])
      expect(json['unseal_keys_b64']).toHaveLength(1)
      expect(json['unseal_shares']).toBe(1)
    } finally {
      await fresh.stop()
    }
  })
})

describe('raft (lesson Part 10)', () => {
  const env = emulatorWithCli()
  const cli = { run: (...args: string[]) => env.root.run(...args) }

  it('list-peers prints the Node/Address/State/Voter table', async () => {
    const r = await cli.run('operator', 'raft', 'list-peers')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Node     Address +State     Voter\n----     -+ +-----     -----\nnode1    127\.0\.0\.1:\d+ +leader    true\n$/)
  })

  it('autopilot state prints the pretty layout by default', async () => {
    const r = await cli.run('operator', 'raft', 'autopilot', 'state')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Healthy: {25}true\nFailure Tolerance: {15}0\nLeader: {26}node1\nVoters:\n {3}node1\nServers:\n {3}node1\n {6}Name: {14}node1\n/)
    expect(r.stdout).toMatch(/\n {6}Node Type: {9}voter\n\n$/)
    expect(JSON.parse((await cli.run('operator', 'raft', 'autopilot', 'state', '-format=json')).stdout)).toMatchObject({ healthy: true, leader: 'node1' })
  })

  it('snapshot save writes the binary snapshot; restore puts the old state back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vault-snap-'))
    const file = join(dir, 'vault-backup.snap')
    await cli.run('secrets', 'enable', '-path=before', 'kv')
    expect(await cli.run('operator', 'raft', 'snapshot', 'save', file)).toEqual({ code: 0, stdout: '', stderr: '' })
    expect(readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])) // gzip
    expect(statSync(file).mode & 0o777).toBe(0o600)
    await cli.run('secrets', 'enable', '-path=after', 'kv')
    expect(await cli.run('operator', 'raft', 'snapshot', 'restore', file)).toEqual({ code: 0, stdout: '', stderr: '' })
    const list = await cli.run('secrets', 'list')
    expect(list.stdout).toContain('\nbefore/ ')
    expect(list.stdout).not.toContain('\nafter/ ')
    expect(await cli.run('operator', 'raft', 'snapshot', 'save')).toEqual({ code: 1, stdout: '', stderr: 'Incorrect arguments (expected 1, got 0)\n' })
  })
})
