// `npm run bench`: throughput, start-up time and memory, measured side by side in one run.
// Needs the build (`npm install` runs it; `npm run build` refreshes it).
import { spawn } from 'node:child_process'
import { median, ROOT, startEmulatorProcess, stopProcess, rssMb, load, measure, pairedRuns } from './lib.mjs'
import { leaseExpiry } from './leases.mjs'
import { auditThroughput } from './audit.mjs'
import { snapshotRestoreTime } from './snapshot.mjs'
import { postgresStartTimes } from './postgres.mjs'
import { databaseBench } from './database.mjs'
import { pkiIssueRates } from './pki.mjs'
import { harnessBench } from './harness.mjs'
import { validateTime } from './validate.mjs'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6)

async function api(addr, token, method, path, body) {
  const res = await fetch(`${addr}/v1/${path}`, { method, headers: { 'X-Vault-Token': token, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) })
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return res.status === 204 ? undefined : res.json()
}

async function kvReadThroughput() {
  const emu = await startEmulatorProcess()
  await api(emu.addr, 'root', 'PUT', 'sys/policies/acl/bench', { policy: 'path "secret/data/bench" { capabilities = ["read"] }\npath "secret/data/other/*" { capabilities = ["read", "list"] }' })
  await api(emu.addr, 'root', 'PUT', 'secret/data/bench', { data: { username: 'app', password: 'p4ssw0rd', host: 'db.example.com' } })
  const token = (await api(emu.addr, 'root', 'POST', 'auth/token/create', { policies: ['bench'] })).auth.client_token
  const sample = await (await fetch(`${emu.addr}/v1/secret/data/bench`, { headers: { 'X-Vault-Token': token } })).text()

  const bare = spawn(process.execPath, [`${ROOT}bench/bare-server.mjs`, sample], { stdio: ['ignore', 'pipe', 'inherit'] })
  const barePort = await new Promise((resolve) => bare.stdout.once('data', (d) => resolve(Number(String(d).trim()))))

  const emuRun = (seconds) => measure(`${emu.addr}/v1/secret/data/bench`, { 'X-Vault-Token': token }, seconds, emu.child.pid)
  const bareRun = (seconds) => measure(`http://127.0.0.1:${barePort}/v1/secret/data/bench`, {}, seconds, bare.pid)
  await emuRun(1) // warm-up
  await bareRun(1)
  const { a: emuRuns, b: bareRuns, ratio, ratios } = await pairedRuns(emuRun, bareRun, ROUNDS, SECONDS)
  await stopProcess(bare)
  await stopProcess(emu.child)
  const e = median(emuRuns.map((r) => r.rate))
  const b = median(bareRuns.map((r) => r.rate))
  const cpu = { emulator: median(emuRuns.map((r) => r.cpuUs)), bare: median(bareRuns.map((r) => r.cpuUs)) }
  return { emulator: e, bare: b, ratio, ratios, cpuUsPerRequest: cpu }
}

async function startUp(runs = 7) {
  const times = []
  const rss = []
  for (let i = 0; i < runs; i++) {
    const emu = await startEmulatorProcess()
    for (;;) {
      const res = await fetch(`${emu.addr}/v1/sys/health`).catch(() => undefined)
      if (res?.status === 200) break
    }
    times.push(performance.now() - emu.started)
    rss.push(rssMb(emu.child.pid))
    await stopProcess(emu.child)
  }
  return { medianMs: median(times), rssMb: median(rss) }
}

function row(name, value, target, ok) {
  console.log(`${name.padEnd(46)} ${value.padStart(14)}   target ${target.padEnd(10)} ${ok ? 'ok' : 'MISSED'}`)
}

// Everything is measured first, printed last; pass names to run a subset: `npm run bench -- kv audit`.
const only = new Set(process.argv.slice(2))
const want = (name) => only.size === 0 || only.has(name)
const kv = want('kv') ? await kvReadThroughput() : undefined
const boot = want('boot') ? await startUp() : undefined
const expiry = want('leases') ? await leaseExpiry() : undefined
const audit = want('audit') ? await auditThroughput() : undefined
const restoreMs = want('snapshot') ? await snapshotRestoreTime() : undefined
const pgStart = want('postgres') ? await postgresStartTimes() : undefined
const db = want('database') ? await databaseBench() : undefined
const pki = want('pki') ? await pkiIssueRates() : undefined
const harness = want('harness') ? await harnessBench() : undefined
const validate = want('validate') ? await validateTime() : undefined
console.log(`\nvault-emu benchmarks (node ${process.version}, ${SECONDS}s x ${ROUNDS} rounds, 32 connections)\n`)
if (kv) {
  row('KV v2 read via ACL, non-root token (req/s)', kv.emulator.toFixed(0), '', true)
  row('bare Fastify route, same body (req/s)', kv.bare.toFixed(0), '', true)
  row('ratio emulator / bare (median of pairs)', kv.ratio.toFixed(2), '>= 0.6', kv.ratio >= 0.6)
  console.log(`${'  each pair (emulator run / bare run beside it)'.padEnd(46)} ${kv.ratios.map((r) => r.toFixed(2)).join(' ')}`)
  // Server CPU time per request: less skewed than req/s by other load on a shared machine.
  row('server CPU per request, emulator / bare (us)', `${kv.cpuUsPerRequest.emulator.toFixed(1)} / ${kv.cpuUsPerRequest.bare.toFixed(1)}`, '', true)
}
if (boot) {
  row('process start -> 200 on sys/health (median ms)', boot.medianMs.toFixed(0), '< 300', boot.medianMs < 300)
  row('RSS after boot (MB)', boot.rssMb.toFixed(1), '< 100', boot.rssMb < 100)
}
if (expiry) {
  row(`${expiry.leases.count} leases due in one advance (ms)`, expiry.leases.ms.toFixed(0), '< 1000', expiry.leases.ms < 1000 && expiry.leases.expired === expiry.leases.count)
  row(`${expiry.tokens.count} tokens due in one advance (ms)`, expiry.tokens.ms.toFixed(0), '< 1000', expiry.tokens.ms < 1000 && expiry.tokens.expired === expiry.tokens.count)
}
if (audit) {
  row('KV read req/s, one file audit device / none', audit.ratio.toFixed(2), '>= 0.7', audit.ratio >= 0.7)
  row('server CPU per request, audited / not (us)', `${audit.cpuUsPerRequest.withAudit.toFixed(1)} / ${audit.cpuUsPerRequest.without.toFixed(1)}`, '', true)
}
if (restoreMs !== undefined) row('restore 1,000 secrets + 1,000 leases (median ms)', restoreMs.toFixed(1), '< 10', restoreMs < 10)
if (pgStart) {
  row('embedded PostgreSQL cold start (ms)', pgStart.coldMs.toFixed(0), '', true)
  row('embedded PostgreSQL warm start (median ms)', pgStart.warmMs.toFixed(0), '< 500', pgStart.warmMs < 500)
}
if (db) {
  row('database creds issued per second', db.credsPerSecond.toFixed(0), '>= 200', db.credsPerSecond >= 200)
  row('1,000 creds expiring in one advance, dropped (s)', db.expire1000Seconds.toFixed(2), '', true)
}
if (pki) {
  row('PKI certificates per second, EC P-256', pki.ec256PerSecond.toFixed(1), '', true)
  row('PKI certificates per second, RSA-2048', pki.rsa2048PerSecond.toFixed(1), '', true)
}
if (harness) {
  row('vaultTest: gap between two test bodies (median ms)', harness.nextTestBodyMs.toFixed(2), '< 5', harness.nextTestBodyMs < 5)
  row('createVaultEmulator() with the lesson config (ms)', harness.createWithLessonConfigMs.toFixed(1), '< 50', harness.createWithLessonConfigMs < 50)
  row('200 small vaultTest tests, vitest run (s)', harness.twoHundredTestsSeconds.toFixed(2), '< 10', harness.twoHundredTestsSeconds < 10)
}
if (validate) row(`validate ${validate.policies} policies + ${validate.roles} roles (ms)`, validate.ms.toFixed(0), '< 1000', validate.ms < 1000)
