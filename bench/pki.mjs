// PKI issuance throughput, in-process through createVaultEmulator() (no HTTP socket):
// - ec256PerSecond: `pki/issue/<role>` answers per second with a P-256 key generated per certificate;
// - rsa2048PerSecond: the same with an RSA-2048 key per certificate (key generation dominates).
// Both are signed by an EC P-256 root. Needs the build (`npx tsc -p tsconfig.build.json`).
// Run alone with `node bench/pki.mjs`.
import { createVaultEmulator } from '../dist/index.js'

const SECONDS = Number(process.env.BENCH_PKI_SECONDS ?? 3)
const CONCURRENCY = Number(process.env.BENCH_PKI_CONCURRENCY ?? 4)

async function ok(vault, method, path, data) {
  const reply = await vault.request(method, path, data === undefined ? {} : { data })
  if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.json)}`)
  return reply.json
}

async function rate(vault, role) {
  await ok(vault, 'POST', `pki/issue/${role}`, { common_name: 'warm.example.com' })
  let issued = 0
  const began = performance.now()
  const deadline = began + SECONDS * 1000
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      while (performance.now() < deadline) {
        await ok(vault, 'POST', `pki/issue/${role}`, { common_name: `host-${worker}-${issued}.example.com`, ttl: '1h' })
        issued++
      }
    }),
  )
  return issued / ((performance.now() - began) / 1000)
}

export async function pkiIssueRates() {
  const vault = await createVaultEmulator()
  try {
    await ok(vault, 'POST', 'sys/mounts/pki', { type: 'pki', config: { max_lease_ttl: '87600h' } })
    await ok(vault, 'POST', 'pki/root/generate/internal', { common_name: 'Bench Root', ttl: '87600h', key_type: 'ec' })
    await ok(vault, 'POST', 'pki/roles/ec', { allowed_domains: 'example.com', allow_subdomains: true, key_type: 'ec', key_bits: 256 })
    await ok(vault, 'POST', 'pki/roles/rsa', { allowed_domains: 'example.com', allow_subdomains: true, key_type: 'rsa', key_bits: 2048 })
    const ec256PerSecond = await rate(vault, 'ec')
    const rsa2048PerSecond = await rate(vault, 'rsa')
    return { ec256PerSecond, rsa2048PerSecond }
  } finally {
    await vault.stop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { ec256PerSecond, rsa2048PerSecond } = await pkiIssueRates()
  console.log(`pki issue, EC P-256 keys:  ${ec256PerSecond.toFixed(1)}/s`)
  console.log(`pki issue, RSA-2048 keys:  ${rsa2048PerSecond.toFixed(1)}/s`)
}
