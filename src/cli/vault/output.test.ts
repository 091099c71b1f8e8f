import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { captureStream } from '../../../test/helpers/vault-cli.js'
import type { VaultCliIo } from './command.js'
import { printSecret } from './output.js'

function io(tty: boolean) {
  const stdout = captureStream(tty)
  const stderr = captureStream(tty)
  const value: VaultCliIo = { env: {}, stdout, stderr, stdin: new PassThrough(), home: '/nonexistent' }
  return { io: value, stdout, stderr }
}

const LEASED = { request_id: 'r', lease_id: 'database/creds/app/abc', lease_duration: 3600, renewable: true, data: { username: 'v-app-x', password: 'p<w>d', ttl: 60 }, warnings: ['check the role'] }

describe('printSecret', () => {
  it('prints lease rows first, then sorted data, durations humanised, warnings on stderr', () => {
    const t = io(false)
    expect(printSecret(t.io, LEASED, { format: 'table' })).toBe(0)
    expect(t.stdout.text()).toBe(
      'Key                Value\n---                -----\nlease_id           database/creds/app/abc\nlease_duration     1h\nlease_renewable    true\npassword           p<w>d\nttl                1m\nusername           v-app-x\n',
    )
    expect(t.stderr.text()).toBe('WARNING! The following warnings were returned from Vault:\n\n  * check the role\n\n')
  })

  it('-field prints the raw value, with a newline only on a terminal', () => {
    const piped = io(false)
    printSecret(piped.io, LEASED, { format: 'table', field: 'password' })
    expect(piped.stdout.text()).toBe('p<w>d')
    const terminal = io(true)
    printSecret(terminal.io, LEASED, { format: 'table', field: 'lease_duration' })
    expect(terminal.stdout.text()).toBe('3600\n')
  })

  it("-format=json prints the api.Secret fields in vault's order", () => {
    const t = io(false)
    printSecret(t.io, LEASED, { format: 'json' })
    expect(Object.keys(JSON.parse(t.stdout.text()) as object)).toEqual(['request_id', 'lease_id', 'lease_duration', 'renewable', 'data', 'warnings'])
    expect(t.stdout.text()).toContain('"password": "p\\u003cw\\u003ed"')
  })

  it('rejects an unknown format with exit 1', () => {
    const t = io(false)
    expect(printSecret(t.io, LEASED, { format: 'xml' })).toBe(1)
    expect(t.stderr.text()).toBe('Invalid output format: xml\n')
  })
})
