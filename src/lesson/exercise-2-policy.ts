/**
 * Exercise 2: a least-privilege `web-frontend` policy. The verdict on every
 * probe path comes from the emulator itself (`sys/capabilities` for a
 * short-lived token carrying only that policy), so the check judges what Vault
 * enforces; the learner's policy text, run through the local ACL engine, only
 * names the rule that decided, for the hints.
 */
import { ACL, parsePolicy } from '../emulator/core/policy/index.js'
import { fail, pass } from './check-result.js'
import type { CheckLine } from './check-result.js'
import type { Exercise } from './exercise.js'
import { ALLOWED_PROBES, DENIED_PROBES } from './exercise-2-probes.js'
import type { PolicyProbe, ProbeFinding } from './exercise-2-probes.js'
import { replyData, replyErrors, vaultRequest } from './vault-connection.js'
import type { VaultConnection } from './vault-connection.js'

const POLICY = 'web-frontend'
const V1_STYLE_PATH = 'secret/frontend/config'
const DATA_PATH = 'secret/data/frontend/config'

export const exercise2: Exercise = {
  number: 2,
  title: 'Write a least-privilege policy',
  task: [
    `Write a policy called ${POLICY} that:`,
    '- can read secrets under secret/data/frontend/*',
    '- can list secrets under secret/metadata/frontend/*',
    '- can generate database credentials from database/creds/frontend-readonly',
    '- cannot access anything else',
    `Then: vault policy write ${POLICY} ${POLICY}.hcl`,
  ],
  checkCommand: 'vault-emu lesson check 2',
  check: ({ conn }) => checkExercise2(conn),
  next: [`Ask Vault yourself: vault token capabilities $(vault token create -policy=${POLICY} -field=token) secret/data/frontend/config`],
}

async function checkExercise2(conn: VaultConnection): Promise<CheckLine[]> {
  const stored = await vaultRequest(conn, 'GET', `sys/policies/acl/${POLICY}`)
  const text = replyData(stored)?.['policy']
  if (stored.status === 403) return [fail(`your token may not read policies: ${replyErrors(stored)}`, 'Use the root token: export VAULT_TOKEN=root')]
  if (stored.status !== 200 || typeof text !== 'string') return [fail(`there is no policy named ${POLICY}`, ...await missingPolicyHints(conn))]
  const lines = [pass(`policy ${POLICY} exists`)]

  const minted = await vaultRequest(conn, 'POST', 'auth/token/create', {
    body: { policies: [POLICY], no_default_policy: true, ttl: '2m', renewable: false, display_name: 'lesson-check-2' },
  })
  const token = (minted.json as { auth?: { client_token?: unknown } } | undefined)?.auth?.client_token
  if (typeof token !== 'string') {
    return [...lines, fail(`cannot create a token carrying only ${POLICY} to test it (${minted.status}: ${replyErrors(minted)})`, 'Run the check with the root token: export VAULT_TOKEN=root')]
  }
  try {
    const probes = [...ALLOWED_PROBES, ...DENIED_PROBES]
    const answer = await vaultRequest(conn, 'POST', 'sys/capabilities', { body: { token, paths: probes.map((p) => p.path) } })
    const granted = replyData(answer)
    if (answer.status !== 200 || !granted) {
      return [...lines, fail(`sys/capabilities refused (${answer.status}: ${replyErrors(answer)})`, 'Run the check with the root token: export VAULT_TOKEN=root')]
    }
    const capsAt = (path: string): string[] => (Array.isArray(granted[path]) ? (granted[path] as unknown[]).map(String).sort() : ['deny'])
    const deciding = await decidingRules(text)
    const v1Caps = capsAt(V1_STYLE_PATH)
    const common = {
      ...(v1Caps[0] !== 'deny' ? { v1StyleRule: deciding(V1_STYLE_PATH, false) ?? V1_STYLE_PATH } : {}),
      dataCapabilities: capsAt(DATA_PATH),
    }
    for (const probe of probes) {
      const list = probe.wants.includes('list')
      const rule = deciding(probe.path, list)
      lines.push(judge(probe, { ...common, actual: capsAt(probe.path), ...(rule ? { rule } : {}) }))
    }
    return lines
  } finally {
    await vaultRequest(conn, 'POST', 'auth/token/revoke', { body: { token } })
  }
}

/** Which of the learner's rules decides a path; the ACL engine is only asked for the explanation. */
async function decidingRules(text: string): Promise<(path: string, list: boolean) => string | undefined> {
  try {
    const acl = ACL.fromPolicies([await parsePolicy(POLICY, text)])
    return (path, list) => acl.check(list ? 'list' : 'read', path).rule?.path
  } catch {
    return () => undefined
  }
}

function describe(probe: PolicyProbe): string {
  return `${probe.path} (${probe.means})`
}

function riskOf(probe: PolicyProbe, granted: string[]): string {
  return typeof probe.risk === 'string' ? probe.risk : probe.risk(granted)
}

function judge(probe: PolicyProbe, f: ProbeFinding): CheckLine {
  const by = f.rule ? `rule "${f.rule}"` : 'the policy'
  const By = by.charAt(0).toUpperCase() + by.slice(1)
  if (probe.wants[0] === 'deny') {
    if (f.actual[0] === 'deny') return pass(`denied: ${describe(probe)}`)
    return fail(`${describe(probe)} is allowed: ${f.actual.join(', ')}`, `${By} grants it: ${riskOf(probe, f.actual)}.`)
  }
  const missing = probe.wants.filter((c) => !f.actual.includes(c))
  const extra = f.actual.filter((c) => c !== 'deny' && !probe.wants.includes(c))
  if (missing.length === 0 && extra.length === 0) return pass(`${probe.wants.join(', ')}: ${describe(probe)}`)
  const hints: string[] = []
  if (missing.length > 0) {
    hints.push(f.actual[0] === 'deny' || !f.rule ? (probe.whenMissing?.(f) ?? `Grant ${missing.join(', ')} on ${probe.path}.`) : `${By} grants ${f.actual.join(', ')} but not ${missing.join(', ')}: add it.`)
  }
  if (extra.length > 0) hints.push(`${By} also grants ${extra.join(', ')}: ${riskOf(probe, extra)}. The exercise allows only ${probe.wants.join(', ')} here.`)
  const got = f.actual[0] === 'deny' ? 'Vault denies it' : `Vault grants ${f.actual.join(', ')}`
  return fail(`${describe(probe)}: wants exactly ${probe.wants.join(', ')}, ${got}`, ...hints)
}

async function missingPolicyHints(conn: VaultConnection): Promise<string[]> {
  const listing = replyData(await vaultRequest(conn, 'LIST', 'sys/policies/acl'))
  const names = Array.isArray(listing?.['keys']) ? (listing['keys'] as unknown[]).map(String) : []
  const near = names.filter((n) => n !== POLICY && /front|web/i.test(n))
  return [
    ...(near.length > 0 ? [`Found ${near.map((n) => JSON.stringify(n)).join(', ')}: the exercise's policy is named exactly "${POLICY}".`] : []),
    `Write the rules in ${POLICY}.hcl, then: vault policy write ${POLICY} ${POLICY}.hcl`,
  ]
}
