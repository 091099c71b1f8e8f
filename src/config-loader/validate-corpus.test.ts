/** test/fixtures/config-broken/<case>/expected.yaml lists what `vault-emu validate` must report. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { validate } from '../cli/validate.js'
import { validateConfig } from './validate.js'
import { LINT_RULES } from './lint/rules.js'

const CORPUS = fileURLToPath(new URL('../../test/fixtures/config-broken', import.meta.url))
const REPO = fileURLToPath(new URL('../..', import.meta.url))

function sink(): { stream: Writable; text: () => string } {
  let text = ''
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => ((text += chunk.toString()), done()) })
  return { stream, text: () => text }
}

describe('vault-emu validate on the broken corpus', () => {
  for (const name of readdirSync(CORPUS).sort()) {
    const dir = join(CORPUS, name)
    const expected = parse(readFileSync(join(dir, 'expected.yaml'), 'utf8')) as { exit: number; diagnostics: string[] }
    it(name, async () => {
      const found = await validateConfig(dir, { cwd: dir, env: {} })
      expect(found.map((d) => `${d.file}:${d.line}:${d.col} ${d.rule}`)).toEqual(expected.diagnostics)
      for (const d of found) expect(d.fix.length, `${d.rule} says how to fix it`).toBeGreaterThan(0)
      const out = sink()
      expect(await validate([dir], out.stream)).toBe(expected.exit)
    })
  }

  it('exercises every lint rule', () => {
    const seen = readdirSync(CORPUS).flatMap((name) => (parse(readFileSync(join(CORPUS, name, 'expected.yaml'), 'utf8')) as { diagnostics: string[] }).diagnostics.map((d) => d.split(' ')[1]))
    expect(LINT_RULES.map((r) => r.id).filter((id) => !seen.includes(id))).toEqual([])
  })

  it('passes the repository config', async () => {
    expect(await validateConfig(REPO, { cwd: REPO, env: {} })).toEqual([])
  })

  it('exits 2 when it cannot run', async () => {
    expect(await validate([join(CORPUS, 'no-such-folder')], sink().stream, sink().stream)).toBe(2)
  })

  it('writes GitHub annotations and SARIF', async () => {
    const github = sink()
    await validate([join(CORPUS, 'kv-v2-trap'), '--format', 'github'], github.stream)
    expect(github.text()).toMatch(/^::error file=.*policies\/app\.hcl,line=2,col=1,title=kv-v2-path::"secret\/myapp\/\*" is under the KV v2 mount/)
    const sarif = sink()
    await validate([join(CORPUS, 'kv-v2-trap'), '--format', 'sarif'], sarif.stream)
    const log = JSON.parse(sarif.text()) as { runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] }
    expect(log.runs[0]?.results[0]).toMatchObject({ ruleId: 'kv-v2-path', locations: [{ physicalLocation: { region: { startLine: 2 } } }] })
  })
})
