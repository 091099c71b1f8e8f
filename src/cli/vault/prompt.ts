/**
 * Prompts for a secret the way vault does (`Unseal Key (will be hidden): `),
 * reading one line from stdin. vault reads the terminal with echo off; without
 * a terminal (scripts, tests) the line comes from piped stdin.
 *
 * @example
 * const key = await promptSecret(io, io.stdout, 'Unseal Key (will be hidden): ')
 */
import type { VaultCliIo } from './command.js'

/** Writes `label` to `to`, reads one line from stdin, then ends the prompt line. */
export async function promptSecret(io: VaultCliIo, to: NodeJS.WritableStream, label: string): Promise<string> {
  to.write(label)
  const line = await readLine(io.stdin)
  to.write('\n')
  return line.trim()
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
