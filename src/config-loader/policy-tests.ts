/**
 * `vault-emu test`: policy unit tests as data (`policies/tests/*.yaml`), run
 * with the emulator's ACL engine in-process (no server).
 *
 * @example
 * const run = await runPolicyTests('.')
 * run.results.filter((r) => !r.passed) // each with file:line and why
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { ACL, DEFAULT_POLICY, DEFAULT_POLICY_NAME, parsePolicy } from '../emulator/core/policy/index.js'
import type { AclOperation, Policy } from '../emulator/core/policy/index.js'
import { ConfigError } from './config-error.js'
import type { SourcePosition } from './config-error.js'
import { readConfig } from './read-config.js'
import { checkSchema } from './schema-check.js'
import { parseYamlSource } from './yaml-source.js'

export interface PolicyTestCase {
  name?: string
  policies: string[]
  no_default_policy?: boolean
  path: string
  allow?: AclOperation[]
  deny?: AclOperation[]
  capabilities?: string[]
}

export interface PolicyTestResult extends SourcePosition {
  name: string
  passed: boolean
  /** Why it failed; empty when it passed. */
  failures: string[]
}

export interface PolicyTestRun {
  results: PolicyTestResult[]
  passed: number
  failed: number
}

/** Runs every case; a file that cannot be read or a policy that does not parse throws a ConfigError. */
export async function runPolicyTests(input: string, cwd = process.cwd()): Promise<PolicyTestRun> {
  const loaded = readConfig(input, process.env, cwd)
  const policies = new Map<string, Policy>([[DEFAULT_POLICY_NAME, DEFAULT_POLICY]])
  for (const file of loaded.policies) {
    try {
      policies.set(file.name, await parsePolicy(file.name, file.text))
    } catch (err) {
      throw new ConfigError(`${err instanceof Error ? err.message : String(err)}; fix the policy (vault-emu validate shows where)`, { file: file.file, line: 1, col: 1 })
    }
  }
  const dir = join(resolve(loaded.dir, loaded.config.policies ?? 'policies'), 'tests')
  const results: PolicyTestResult[] = []
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort() : []
  for (const f of files) {
    const path = join(dir, f)
    const source = parseYamlSource(relative(cwd, path) || path, readFileSync(path, 'utf8'))
    const cases: unknown = source.doc.toJS()
    const problem = checkSchema('policy-tests', cases ?? [], source)[0]
    if (problem) throw new ConfigError(`${problem.message}; ${problem.fix}`, problem)
    ;(cases as PolicyTestCase[] | null ?? []).forEach((c, i) => results.push(runCase(c, policies, source.positionOf([i]))))
  }
  const passed = results.filter((r) => r.passed).length
  return { results, passed, failed: results.length - passed }
}

function runCase(c: PolicyTestCase, policies: ReadonlyMap<string, Policy>, at: SourcePosition): PolicyTestResult {
  const name = c.name ?? `${c.policies.join(',')} ${c.path}`
  const failures: string[] = []
  const names = c.no_default_policy || c.policies.includes(DEFAULT_POLICY_NAME) ? c.policies : [...c.policies, DEFAULT_POLICY_NAME]
  const missing = names.filter((n) => !policies.has(n))
  if (missing.length > 0) return { ...at, name, passed: false, failures: [`no policy named ${missing.join(', ')} (policies/<name>.hcl)`] }
  const acl = ACL.fromPolicies(names.map((n) => policies.get(n)).filter((p): p is Policy => p !== undefined))
  const capabilities = acl.capabilities(c.path)
  for (const op of c.allow ?? []) {
    if (!acl.check(op, c.path).allowed) failures.push(`expected ${op} on ${c.path} to be allowed, but it is denied (capabilities: ${capabilities.join(', ')})`)
  }
  for (const op of c.deny ?? []) {
    const decision = acl.check(op, c.path)
    if (decision.allowed) failures.push(`expected ${op} on ${c.path} to be denied, but ${decision.rule ? `path "${decision.rule.path}" in ${decision.rule.policies.join(', ')}` : 'a rule'} allows it`)
  }
  if (c.capabilities) {
    const want = [...c.capabilities].sort()
    if (want.join(',') !== capabilities.join(',')) failures.push(`expected capabilities [${want.join(', ')}] on ${c.path}, got [${capabilities.join(', ')}]`)
  }
  return { ...at, name, passed: failures.length === 0, failures }
}
