// The test harness's own speed, against the built package (dist/):
// - firstTestBodyMs: from the file's beforeAll to the first `vaultTest` body (worker boot + first restore)
// - nextTestBodyMs: median gap from the end of one test body to the start of the next
//   (the fixture's restore-before-each and Vitest's bookkeeping; target: under 5 ms)
// - createWithLessonConfigMs: createVaultEmulator() with the repository's vault.config.yaml minus
//   its PostgreSQL-backed connection, from a temp folder (median; target: under 50 ms)
// - twoHundredTestsSeconds: wall time of `vitest run` on a generated file of 200 small tests on
//   the fixture (a Vitest process start included; target: under 10 s)
import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parse, stringify } from 'yaml'
import { createVaultEmulator } from '../dist/index.js'
import { median, ROOT } from './lib.mjs'

const TESTS = 200

/** A folder with the lesson's config (its PostgreSQL connection removed), policies and roles. */
export function lessonConfigFolder(dir) {
  const config = parse(readFileSync(join(ROOT, 'vault.config.yaml'), 'utf8'))
  const database = config.secrets?.database
  if (database) delete database.connections
  // The roles stay (Vault does not check db_name when a role is written); the audit log goes to the temp folder.
  if (config.audit?.file?.options) config.audit.file.options.file_path = join(dir, 'audit.log')
  writeFileSync(join(dir, 'vault.config.yaml'), stringify(config))
  cpSync(join(ROOT, 'policies'), join(dir, 'policies'), { recursive: true })
  cpSync(join(ROOT, 'roles'), join(dir, 'roles'), { recursive: true })
  return dir
}

async function createWithLessonConfig(dir, rounds = 15, warmup = 3) {
  const folder = lessonConfigFolder(dir)
  const times = []
  for (let i = 0; i < warmup + rounds; i++) {
    const started = performance.now()
    const vault = await createVaultEmulator({ config: folder, clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
    const ms = performance.now() - started
    const read = await vault.request('GET', 'secret/data/myapp/config')
    await vault.stop()
    if (read.status !== 200) throw new Error(`lesson config not applied: secret/data/myapp/config answered ${read.status}`)
    if (i >= warmup) times.push(ms)
  }
  return median(times)
}

function testFile(timingsPath) {
  const fixture = pathToFileURL(join(ROOT, 'dist/fixtures/vitest.js')).href
  return `import { writeFileSync } from 'node:fs'
import { afterAll, beforeAll, expect } from 'vitest'
import { vaultTest as test } from ${JSON.stringify(fixture)}

const starts = []
const ends = []
let t0 = 0
beforeAll(() => { t0 = performance.now() })
afterAll(() => writeFileSync(${JSON.stringify(timingsPath)}, JSON.stringify({ t0, starts, ends })))

for (let i = 0; i < ${TESTS}; i++) {
  test('small test ' + i, async ({ vault }) => {
    starts.push(performance.now())
    // What the previous test wrote is gone: restored before each test.
    if (i > 0) expect((await vault.request('GET', 'secret/data/app/' + (i - 1))).status).toBe(404)
    expect((await vault.request('POST', 'secret/data/app/' + i, { data: { data: { n: i } } })).status).toBe(200)
    expect((await vault.request('GET', 'secret/data/app/' + i)).json.data.data.n).toBe(i)
    expect(await vault.token({ policies: ['default'], ttl: '1h' })).toBeTruthy()
    ends.push(performance.now())
  })
}
`
}

function runVitest(dir, file) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', file, '--root', dir, '--reporter', 'dot'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    })
    let out = ''
    child.stdout.on('data', (c) => (out += c))
    child.stderr.on('data', (c) => (out += c))
    child.once('error', reject)
    child.once('exit', (code) => {
      const seconds = (performance.now() - started) / 1000
      if (code !== 0) reject(new Error(`vitest exited with ${code}:\n${out.slice(-4000)}`))
      else resolve(seconds)
    })
  })
}

async function suite(dir) {
  // Vitest and the fixture's imports resolve from the repository's node_modules.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
  const timingsPath = join(dir, 'timings.json')
  const file = join(dir, 'harness.test.mjs')
  writeFileSync(file, testFile(timingsPath))
  const twoHundredTestsSeconds = await runVitest(dir, file)
  const { t0, starts, ends } = JSON.parse(readFileSync(timingsPath, 'utf8'))
  if (starts.length !== TESTS || ends.length !== TESTS) throw new Error(`expected ${TESTS} test bodies, got ${starts.length}`)
  const gaps = starts.slice(1).map((start, i) => start - ends[i])
  return { firstTestBodyMs: starts[0] - t0, nextTestBodyMs: median(gaps), twoHundredTestsSeconds }
}

export async function harnessBench() {
  const configDir = mkdtempSync(join(tmpdir(), 'vault-emu-harness-config-'))
  const suiteDir = mkdtempSync(join(tmpdir(), 'vault-emu-harness-suite-'))
  try {
    const createWithLessonConfigMs = await createWithLessonConfig(configDir)
    const { firstTestBodyMs, nextTestBodyMs, twoHundredTestsSeconds } = await suite(suiteDir)
    return { firstTestBodyMs, nextTestBodyMs, createWithLessonConfigMs, twoHundredTestsSeconds }
  } finally {
    rmSync(configDir, { recursive: true, force: true })
    rmSync(suiteDir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await harnessBench()
  console.log(`first vaultTest body after beforeAll (boot):   ${r.firstTestBodyMs.toFixed(1)} ms`)
  console.log(`next vaultTest body after the previous one:   ${r.nextTestBodyMs.toFixed(2)} ms (median; target < 5 ms)`)
  console.log(`createVaultEmulator() with the lesson config: ${r.createWithLessonConfigMs.toFixed(1)} ms (median; target < 50 ms)`)
  console.log(`vitest run of ${TESTS} small tests:             ${r.twoHundredTestsSeconds.toFixed(2)} s (target < 10 s)`)
}
