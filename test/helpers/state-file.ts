/** Reading a state file the way start-up does, without an emulator: header, keyring, entries. */
import { readFileSync } from 'node:fs'
import { decrypt } from '../../src/emulator/core/seal/aes-gcm.js'
import { decodeContainer, decodeEntries } from '../../src/emulator/core/seal/state-container.js'
import type { StateHeader } from '../../src/emulator/core/seal/state-container.js'

export interface DecodedState {
  header: StateHeader
  entries: Map<string, string>
}

/** Decrypt with a root key (dev mode: the header's own). Throws if the file is torn or the key wrong. */
export function readStateFile(path: string, rootKey?: Uint8Array): DecodedState {
  const { header, ciphertext } = decodeContainer(readFileSync(path))
  const key = rootKey ?? (header.dev_root_key === undefined ? undefined : Buffer.from(header.dev_root_key, 'base64'))
  if (!key) throw new Error('no root key for this state file')
  const keyring = decrypt(key, Buffer.from(header.keyring, 'base64'))
  return { header, entries: decodeEntries(decrypt(keyring, ciphertext)) }
}
