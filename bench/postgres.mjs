// Embedded PostgreSQL start-up (target: warm < 500 ms). Runs in-process against the built package.
// Cold: a fresh, empty cache folder, so initdb builds the template first. Warm: the template
// exists, so a start is copy + boot + set the password. Both include stop() afterwards, untimed.
import fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { startPostgres } from '../dist/fixtures/postgres/index.js'
import { median } from './lib.mjs'

async function timedStart(cacheDir) {
  const started = performance.now()
  const server = await startPostgres({ mode: 'embedded', cacheDir })
  const ms = performance.now() - started
  await server.stop()
  return ms
}

export async function postgresStartTimes(warmRuns = 5) {
  const cacheDir = await fs.mkdtemp(path.join(tmpdir(), 'vault-emu-bench-cache-'))
  try {
    const coldMs = await timedStart(cacheDir)
    const warm = []
    for (let i = 0; i < warmRuns; i++) warm.push(await timedStart(cacheDir))
    return { coldMs, warmMs: median(warm) }
  } finally {
    await fs.rm(cacheDir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { coldMs, warmMs } = await postgresStartTimes()
  console.log(`embedded PostgreSQL start: cold ${coldMs.toFixed(0)} ms, warm ${warmMs.toFixed(0)} ms (target < 500)`)
}
