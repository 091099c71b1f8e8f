/**
 * Prompts for a secret the way vault does (`Unseal Key (will be hidden): `).
 * On a terminal the typed characters are not echoed; without one (scripts,
 * tests) the first line of piped stdin is the answer.
 *
 * @example
 * const key = await promptSecret(io, io.stdout, 'Unseal Key (will be hidden): ')
 */
import type { VaultCliIo } from './command.js'

interface RawCapableStream extends NodeJS.ReadableStream {
  isTTY?: boolean
  setRawMode?: (mode: boolean) => unknown
}

/** Thrown when the user presses Ctrl-C at a hidden prompt. */
export class PromptInterrupted extends Error {
  override name = 'PromptInterrupted'
  constructor() {
    super('user interrupted')
  }
}

/** Writes `label` to `to`, reads one line (hidden on a terminal), then ends the prompt line. */
export async function promptSecret(io: VaultCliIo, to: NodeJS.WritableStream, label: string): Promise<string> {
  to.write(label)
  const stdin = io.stdin as RawCapableStream
  try {
    const line = stdin.isTTY && typeof stdin.setRawMode === 'function' ? await readHidden(stdin) : await readLine(stdin)
    return line.trim()
  } finally {
    to.write('\n')
  }
}

/** Reads up to the first newline (or the end of the stream). */
export async function readLine(stream: NodeJS.ReadableStream): Promise<string> {
  let text = ''
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')
    const newline = text.indexOf('\n')
    if (newline !== -1) return text.slice(0, newline).replace(/\r$/, '')
  }
  return text
}

/** Reads keystrokes in raw mode without echo until Enter; Backspace edits, Ctrl-C/Ctrl-D interrupt. */
async function readHidden(stdin: RawCapableStream): Promise<string> {
  stdin.setRawMode?.(true)
  try {
    let text = ''
    for await (const chunk of stdin) {
      for (const ch of typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')) {
        if (ch === '\r' || ch === '\n') return text
        if (ch === '\u0003' || ch === '\u0004') throw new PromptInterrupted()
        text = ch === '\u007f' || ch === '\b' ? text.slice(0, -1) : text + ch
      }
    }
    return text
  } finally {
    stdin.setRawMode?.(false)
    stdin.pause()
  }
}
