import { describe, expect, it } from 'vitest'
import { tokenEmulator } from '../../../../../test/helpers/token-emulator.js'

async function emulator() {
  const { core, call, mint } = await tokenEmulator()
  return { core, call, mint: (policies: string[]) => mint({ policies }) }
}

describe('auth/token/accessors', () => {
  it('lists every token’s accessor for root', async () => {
    const { call, mint } = await emulator()
    const a = await mint(['default'])
    const reply = await call('LIST', 'accessors', 'root')
    expect(reply.status).toBe(200)
    const keys = reply.body.data?.['keys']
    expect(keys).toHaveLength(2)
    expect(keys).toContain(a.accessor)
  })

  it('is a sudo path: list capability alone is not enough', async () => {
    const { core, call, mint } = await emulator()
    await core.policies.set('lister', 'path "auth/token/accessors/" { capabilities = ["list"] }')
    await core.policies.set('sudo-lister', 'path "auth/token/accessors/" { capabilities = ["list", "sudo"] }')
    const lister = await mint(['lister'])
    expect(await call('LIST', 'accessors', lister.client_token)).toEqual({
      status: 403,
      body: { errors: ['1 error occurred:\n\t* permission denied\n\n'] },
    })
    const sudoer = await mint(['sudo-lister'])
    expect((await call('GET', 'accessors?list=true', sudoer.client_token)).status).toBe(200)
  })
})

describe('auth/token/tidy', () => {
  it('answers 202 with Vault’s warning', async () => {
    const { call } = await emulator()
    const reply = await call('POST', 'tidy', 'root')
    expect(reply.status).toBe(202)
    expect(reply.body.warnings).toEqual([
      "Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs.",
    ])
    expect(reply.body.data).toBeNull()
  })
})
