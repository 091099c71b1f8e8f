import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { captureStream } from '../../../test/helpers/vault-cli.js'
import type { VaultCliIo } from './command.js'
import { PromptInterrupted, promptSecret } from './prompt.js'

function terminal(keys: string) {
  const modes: boolean[] = []
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (mode: boolean) => modes.push(mode) })
  stdin.end(keys)
  const stderr = captureStream(true)
  const io: VaultCliIo = { env: {}, stdout: captureStream(true), stderr, stdin, home: '/nonexistent' }
  return { io, stderr, modes }
}

describe('promptSecret', () => {
  it('reads a terminal in raw mode without echoing, honouring Backspace', async () => {
    const { io, stderr, modes } = terminal('s3x\u007fcret\rrest')
    expect(await promptSecret(io, io.stderr, 'Password (will be hidden): ')).toBe('s3cret')
    expect(stderr.text()).toBe('Password (will be hidden): \n')
    expect(modes).toEqual([true, false])
  })

  it('stops on Ctrl-C and leaves raw mode', async () => {
    const { io, modes } = terminal('ab\u0003')
    await expect(promptSecret(io, io.stderr, 'Token (will be hidden): ')).rejects.toThrow(PromptInterrupted)
    expect(modes).toEqual([true, false])
  })
})
