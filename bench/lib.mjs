import { tmpdir } from 'node:os'
// Helpers shared by the benchmarks: child servers, autocannon runs, medians.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'

export const ROOT = new URL('..', import.meta.url).pathname

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Start `vault-emu up --port 0`; resolves when it printed its address. */
export async function startEmulatorProcess(extraArgs = []) {
  const started = performance.now()
  const child = spawn(process.execPath, [`${ROOT}bin/vault-emu.js`, 'up', '--port', '0', ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'], cwd: tmpdir() }) // the bare emulator, not the repository's config
  let out = ''
  child.stdout.setEncoding('utf8')
  const addr = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk
      const m = /export VAULT_ADDR=(\S+)/.exec(out)
      if (m) resolve(m[1])
    })
    child.once('exit', (code) => reject(new Error(`vault-emu exited with ${code}: ${out}`)))
  })
  return { child, addr, started }
}

export async function stopProcess(child) {
  if (child.exitCode !== null) return
  child.kill('SIGTERM')
  await once(child, 'exit')
}

export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)[1])
  return kb / 1024
}

export async function load(url, headers, seconds) {
  const result = await autocannon({ url, headers, connections: 32, pipelining: 1, duration: seconds })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`benchmark saw ${result.non2xx} non-2xx and ${result.errors} errors at ${url}`)
  return result.requests.average
}

/** User + system CPU seconds of a process so far (Linux /proc; clock ticks at the usual 100 Hz). */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/**
 * A timed load run: req/s, and the server's CPU microseconds per request, which
 * other load on a shared machine skews less than req/s.
 */
export async function measure(url, headers, seconds, pid) {
  const before = cpuSeconds(pid)
  const rate = await load(url, headers, seconds)
  return { rate, cpuUs: ((cpuSeconds(pid) - before) * 1e6) / (rate * seconds) }
}

/**
 * Load two servers in turns, A then B, then B then A, and so on, and pair each
 * A run with the B run next to it. A shared machine's speed drifts over
 * seconds; the ratio of runs side by side drifts much less than the ratio of
 * two medians, so the median of the pair ratios is the figure to trust.
 */
export async function pairedRuns(runA, runB, rounds, seconds) {
  const a = []
  const b = []
  const ratios = []
  for (let i = 0; i < rounds; i++) {
    let ra
    let rb
    if (i % 2 === 0) {
      ra = await runA(seconds)
      rb = await runB(seconds)
    } else {
      rb = await runB(seconds)
      ra = await runA(seconds)
    }
    a.push(ra)
    b.push(rb)
    ratios.push(ra.rate / rb.rate)
  }
  return { a, b, ratio: median(ratios), ratios }
}
