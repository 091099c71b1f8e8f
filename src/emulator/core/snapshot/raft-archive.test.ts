import { randomBytes } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { decrypt, encrypt } from '../seal/aes-gcm.js'
import { SnapshotArchiveError, buildRaftSnapshot, readRaftSnapshot } from './raft-archive.js'
import { readTar, writeTar } from './tar.js'

const key = randomBytes(32)
const seal = (b: Uint8Array): Uint8Array => encrypt(key, b)
const open = (k: Uint8Array) => (b: Uint8Array): Uint8Array | undefined => {
  try {
    return decrypt(k, b)
  } catch {
    return undefined
  }
}

function build(): Buffer {
  return buildRaftSnapshot({ meta: Buffer.from('{"Index":1}\n'), state: Buffer.from('encrypted state'), seal, mtime: 1_700_000_000 })
}

describe('raft snapshot archive', () => {
  it('is a gzip\'d tar of meta.json, state.bin, SHA256SUMS and a non-empty SHA256SUMS.sealed', () => {
    const members = readTar(gunzipSync(build()))
    expect(members.map((m) => m.name)).toEqual(['meta.json', 'state.bin', 'SHA256SUMS', 'SHA256SUMS.sealed'])
    const sums = Buffer.from(members[2]?.data ?? []).toString()
    expect(sums).toMatch(/^[0-9a-f]{64} {2}meta\.json\n[0-9a-f]{64} {2}state\.bin\n$/)
    expect(members[3]?.data.length).toBeGreaterThan(0)
    expect(Buffer.from(decrypt(key, members[3]?.data ?? new Uint8Array())).toString()).toBe(sums)
  })

  it('reads back, and tells whether it was sealed with this root key', () => {
    const ours = readRaftSnapshot(build(), open(key))
    expect(Buffer.from(ours.state).toString()).toBe('encrypted state')
    expect(ours.sealedByThisCluster).toBe(true)
    expect(readRaftSnapshot(build(), open(randomBytes(32))).sealedByThisCluster).toBe(false)
  })

  it('refuses a changed state, an extra member and a non-gzip body', () => {
    const members = readTar(gunzipSync(build()))
    const changed = members.map((m) => (m.name === 'state.bin' ? { ...m, data: Buffer.from('Encrypted state') } : m))
    expect(() => readRaftSnapshot(gzipSync(writeTar(changed)), open(key))).toThrow('failed checking integrity of snapshot: hash check failed for "state.bin"')
    const extra = [...members, { name: 'evil', data: Buffer.from('x') }]
    expect(() => readRaftSnapshot(gzipSync(writeTar(extra)), open(key))).toThrow('unexpected file "evil" in snapshot')
    expect(() => readRaftSnapshot(Buffer.from('{"not":"gzip"}'), open(key))).toThrow(SnapshotArchiveError)
  })
})
