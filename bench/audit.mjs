// KV v2 read throughput with one file audit device (to a temp file) against none, side by side
// (target: ratio >= 0.7). Needs the build. Standalone: `node bench/audit.mjs`.
// Also reports each server's CPU time per request, which other load on the machine does not skew
// the way it skews req/s (cpuRatio = CPU per request without / with audit).
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { measure, median, pairedRuns, startEmulatorProcess, stopProcess } from './lib.mjs'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6)

async function api(addr, token, method, path, body) {
  const res = await fetch(`${addr}/v1/${path}`, { method, headers: { 'X-Vault-Token': token, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) })
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return res.status === 204 ? undefined : res.json()
}

/** The same workload as the KV read benchmark: a non-root token reading one secret through its ACL. */
async function prepare(addr) {
  await api(addr, 'root', 'PUT', 'sys/policies/acl/bench', { policy: 'path "secret/data/bench" { capabilities = ["read"] }' })
  await api(addr, 'root', 'PUT', 'secret/data/bench', { data: { username: 'app', password: 'p4ssw0rd', host: 'db.example.com' } })
  return (await api(addr, 'root', 'POST', 'auth/token/create', { policies: ['bench'] })).auth.client_token
}

export async function auditThroughput() {
  const dir = mkdtempSync(join(tmpdir(), 'vault-emu-bench-audit-'))
  const logFile = join(dir, 'audit.log')
  const plain = await startEmulatorProcess()
  const audited = await startEmulatorProcess()
  const without = []
  const withAudit = []
  let pairRatio = NaN
  try {
    const plainToken = await prepare(plain.addr)
    const auditedToken = await prepare(audited.addr)
    // The emulator's CLI has no audit flag: enable the device over the API, as `vault audit enable` does.
    await api(audited.addr, 'root', 'PUT', 'sys/audit/file', { type: 'file', options: { file_path: logFile } })
    const plainRun = (seconds) => measure(`${plain.addr}/v1/secret/data/bench`, { 'X-Vault-Token': plainToken }, seconds, plain.child.pid)
    const auditedRun = (seconds) => measure(`${audited.addr}/v1/secret/data/bench`, { 'X-Vault-Token': auditedToken }, seconds, audited.child.pid)
    await plainRun(1) // warm-up
    await auditedRun(1)
    const runs = await pairedRuns(auditedRun, plainRun, ROUNDS, SECONDS)
    withAudit.push(...runs.a)
    without.push(...runs.b)
    pairRatio = runs.ratio
    if (statSync(logFile).size === 0) throw new Error('the audit device wrote nothing')
  } finally {
    await stopProcess(plain.child)
    await stopProcess(audited.child)
    rmSync(dir, { recursive: true, force: true })
  }
  const w = median(withAudit.map((m) => m.rate))
  const wo = median(without.map((m) => m.rate))
  const cpuWith = median(withAudit.map((m) => m.cpuUs))
  const cpuWithout = median(without.map((m) => m.cpuUs))
  return { withAudit: w, without: wo, ratio: pairRatio, cpuUsPerRequest: { withAudit: cpuWith, without: cpuWithout }, cpuRatio: cpuWithout / cpuWith }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const result = await auditThroughput()
  console.log(`KV v2 read with a file audit device: ${result.withAudit.toFixed(0)} req/s, without: ${result.without.toFixed(0)} req/s, ratio ${result.ratio.toFixed(2)} (target >= 0.7)`)
  const cpu = result.cpuUsPerRequest
  console.log(`server CPU per request: ${cpu.withAudit.toFixed(1)} us with, ${cpu.without.toFixed(1)} us without, ratio ${result.cpuRatio.toFixed(2)}`)
}
