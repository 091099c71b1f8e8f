import { fileURLToPath } from 'node:url'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { testPolicies } from '../cli/test-policies.js'
import { runPolicyTests } from './policy-tests.js'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
const FAILING = fileURLToPath(new URL('../../test/fixtures/policy-tests-failing', import.meta.url))

function sink(): { stream: Writable; text: () => string } {
  let text = ''
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => ((text += chunk.toString()), done()) })
  return { stream, text: () => text }
}

describe('vault-emu test', () => {
  it('passes the lesson policy tests of the repository', async () => {
    const run = await runPolicyTests(REPO, REPO)
    expect(run.failed).toBe(0)
    expect(run.passed).toBeGreaterThanOrEqual(12)
  })

  it('reports a failing case with file:line and exits 1', async () => {
    const out = sink()
    expect(await testPolicies([FAILING], out.stream, sink().stream)).toBe(1)
    expect(out.text()).toContain('✗ reads its secrets\n')
    expect(out.text()).toMatch(/policies\/tests\/app\.yaml:2:3: expected read on secret\/data\/myapp\/db to be allowed, but it is denied \(capabilities: deny\)/)
    expect(out.text()).toContain('1 passed, 1 failed\n')
  })

  it('exits 2 when it cannot run', async () => {
    expect(await testPolicies([`${FAILING}/nope`], sink().stream, sink().stream)).toBe(2)
  })
})
