import { createServer, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startVaultEmulator, type VaultEmulator } from '../../../index.js'
import { vaultCli } from '../../../../test/helpers/vault-cli.js'

describe('vault status', () => {
  let vault: VaultEmulator
  beforeAll(async () => {
    vault = await startVaultEmulator({ port: 0 })
  })
  afterAll(async () => vault.stop())

  it('prints the seal-status table with HA details and exits 0 when unsealed', async () => {
    const r = await vaultCli({ VAULT_ADDR: vault.addr }).run('status')
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines[0]).toMatch(/^Key {13}Value$/)
    expect(lines[1]).toMatch(/^--- {13}-----$/)
    expect(r.stdout).toContain('\nSeal Type       shamir\n')
    expect(r.stdout).toContain('\nSealed          false\n')
    expect(r.stdout).toContain('\nHA Enabled      true\n')
    expect(r.stdout).toContain('\nHA Mode         active\n')
    expect(r.stdout).not.toContain('Unseal Progress')
  })

  it('prints one field raw with -field and JSON with -format=json', async () => {
    const cli = vaultCli({ VAULT_ADDR: vault.addr })
    expect((await cli.run('status', '-field=sealed')).stdout).toBe('false')
    const json = JSON.parse((await cli.run('status', '-format=json')).stdout) as Record<string, unknown>
    expect(json).toMatchObject({ type: 'shamir', sealed: false, initialized: true, ha_enabled: true })
  })

  it('reports a refused connection and exits 1', async () => {
    const port = await closedPort()
    const r = await vaultCli({ VAULT_ADDR: `http://127.0.0.1:${port}` }).run('status')
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`Error checking seal status: Get "http://127.0.0.1:${port}/v1/sys/seal-status": dial tcp 127.0.0.1:${port}: connect: connection refused\n`)
  })

  it('takes the global -address flag (and ignores the TLS ones) on any command', async () => {
    const r = await vaultCli({ VAULT_ADDR: 'http://127.0.0.1:9' }).run('status', '-tls-skip-verify', '-address', vault.addr, '-field=initialized')
    expect(r).toEqual({ code: 0, stdout: 'true', stderr: '' })
  })

  it('prints usage for -h without contacting the server', async () => {
    const r = await vaultCli({ VAULT_ADDR: 'http://127.0.0.1:9' }).run('status', '-h')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Usage: vault-emu status\n\nSeal status and HA state of the server\. Exit code 0 unsealed, 2 sealed, 1 error\.\n/)
  })

  it('rejects unknown flags and extra arguments with exit 1', async () => {
    const cli = vaultCli({ VAULT_ADDR: vault.addr })
    expect(await cli.run('status', '-bogus')).toEqual({ code: 1, stdout: '', stderr: 'flag provided but not defined: -bogus\n' })
    expect(await cli.run('status', 'extra')).toEqual({ code: 1, stdout: '', stderr: 'Too many arguments (expected 0, got 1)\n' })
  })
})

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}
