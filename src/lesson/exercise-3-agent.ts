/**
 * Exercise 3: a Vault Agent template that re-renders when its credential
 * rotates. The check runs the learner's agent config in-process against the
 * emulator (files redirected to a temp directory, `command` recorded instead
 * of run), waits for the first render, moves the emulator's clock past the
 * secret's lease, and expects a new rendering and a command.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { AgentConfigError, loadAgentConfig, startAgent } from '../agent/index.js'
import type { AgentConfig, AgentEvent, RunningAgent } from '../agent/index.js'
import { fail, pass } from './check-result.js'
import type { CheckLine } from './check-result.js'
import type { Exercise, ExerciseCheckContext } from './exercise.js'
import { sandboxAgentConfig } from './exercise-3-sandbox.js'
import type { SandboxedTemplate } from './exercise-3-sandbox.js'
import { DATABASE_HINT, fetchedSecrets, hintsForError, lastError, secretPathsIn } from './exercise-3-agent-events.js'
import type { LeasedSecret } from './exercise-3-agent-events.js'
import { replyData, replyErrors, vaultRequest } from './vault-connection.js'
import type { VaultConnection } from './vault-connection.js'

/** Wall time the agent gets for its first render, and again after the clock moved. */
const RENDER_TIMEOUT_MS = 15_000

const COMMAND_EXAMPLE = 'command = "pkill -HUP myapp"'

export const exercise3: Exercise = {
  number: 3,
  title: 'Explain the failure: a template that keeps up with rotation',
  task: [
    'A colleague\'s Vault Agent template renders once at startup but never updates when credentials',
    'rotate; the app crashes an hour after deploy.',
    'Write agent.hcl (lesson part 8) so that it would not: the template reads a dynamic secret (database/creds/...)',
    'and has a command that tells the app to reload when the file changes.',
    'Needs database/ on PostgreSQL: npx vault-emu up --postgres embedded, then lesson part 7.',
  ],
  checkCommand: 'vault-emu lesson check 3 -config agent.hcl',
  takesConfig: true,
  check: checkExercise3,
  next: ['Run it for real: vault-emu agent -config=agent.hcl, then vault-emu clock advance 1h and watch the file change.'],
}

async function checkExercise3(ctx: ExerciseCheckContext): Promise<CheckLine[]> {
  const path = resolve(ctx.cwd, ctx.configFile ?? 'agent.hcl')
  const shown = relative(ctx.cwd, path) || path
  let config: AgentConfig
  try {
    config = await loadAgentConfig(path)
  } catch (err) {
    if (!(err instanceof AgentConfigError)) throw err
    const missing = /ENOENT/.test(err.message)
    return [
      fail(
        missing ? `no agent config at ${shown}` : err.message.replace(/^\[vault-emu\] /, ''),
        missing ? 'Write one as in lesson part 8 (auto_auth, template, vault blocks), or name it: vault-emu lesson check 3 -config <file>' : 'Fix the setting named above.',
      ),
    ]
  }
  const method = config.autoAuth.method.type
  const lines = [pass(`${shown} loads: ${config.templates.length} template(s), auto_auth method "${method}"`)]
  if (config.templates.length === 0) {
    return [...lines, fail('there is no template block', `Add one: template { source = "db.tpl" destination = "database.env" ${COMMAND_EXAMPLE} }`)]
  }
  if (config.exitAfterAuth) {
    return [...lines, fail('exit_after_auth = true: the agent renders once and exits, so nothing ever re-renders', 'Remove exit_after_auth: the agent has to keep running to follow the lease.')]
  }
  if (!ctx.policies.includes('root')) {
    return [
      ...lines,
      fail(
        `the check moves the emulator's clock (POST /_emu/clock), which only the root token may do; your token has ${ctx.policies.join(', ')}`,
        'Run the check with the root token (export VAULT_TOKEN=root); the agent still logs in with its own auto_auth.',
      ),
    ]
  }
  const databaseMounted = await hasDatabaseEngine(ctx.conn)
  if (!databaseMounted) return [...lines, fail('there is no database engine at database/', DATABASE_HINT)]
  lines.push(pass('database/ is a database engine'))
  return [...lines, ...await runAgent(config, ctx, databaseMounted)]
}

async function hasDatabaseEngine(conn: VaultConnection): Promise<boolean> {
  const mounts = replyData(await vaultRequest(conn, 'GET', 'sys/mounts'))
  return (mounts?.['database/'] as { type?: unknown } | undefined)?.type === 'database'
}

async function runAgent(config: AgentConfig, ctx: ExerciseCheckContext, databaseMounted: boolean): Promise<CheckLine[]> {
  const dir = await mkdtemp(join(tmpdir(), 'vault-emu-lesson-3-'))
  const sandbox = sandboxAgentConfig(config, { dir, cwd: ctx.cwd, addr: ctx.conn.addr })
  let agent: RunningAgent
  try {
    // Recorded, never run: the learner's `pkill -HUP myapp` has no app to signal here.
    agent = await startAgent(sandbox.config, { runCommand: async () => 0, env: {} })
  } catch (err) {
    await rm(dir, { recursive: true, force: true })
    return [fail(`the agent does not start: ${err instanceof Error ? err.message.replace(/^\[vault-emu\] /, '') : String(err)}`)]
  }
  try {
    const hint = (from: number): string[] => {
      const error = lastError(agent.events, from)
      if (!error) return [`The agent reported no error within ${RENDER_TIMEOUT_MS / 1000} s; run it yourself (vault-emu agent -config=...) and watch its log.`]
      return [`The agent says: ${error}`, ...hintsForError(error, sandbox.config, databaseMounted)]
    }
    const first = await waitForTemplates(agent, sandbox.templates, 0, false)
    if (first.missing.length > 0) {
      return [fail(`never rendered: ${first.missing.map((t) => t.destination).join(', ')}`, ...hint(0))]
    }
    const lines = [pass(`first render: ${sandbox.templates.map((t) => t.destination).join(', ')} (written to a temp directory instead)`)]
    const { leased, static: without } = fetchedSecrets(agent.events)
    if (leased.length === 0) {
      return [
        ...lines,
        fail(
          `no secret the templates read has a lease (${without.join(', ') || 'none read'}): nothing expires, so nothing makes the agent render again`,
          'A KV secret (secret/data/...) is static: the agent only re-reads it every static_secret_render_interval (5m) and nothing rotates it.',
          'Read a dynamic secret: {{ with secret "database/creds/app-readonly" }}DB_USER={{ .Data.username }}{{ end }}',
        ),
      ]
    }
    lines.push(pass(`it reads a secret with a lease: ${leased.map((l) => `${l.path} (${l.seconds}s)`).join(', ')}`))
    const dynamic = await dynamicTemplates(sandbox.templates, sandbox.config, leased)
    const before = await Promise.all(dynamic.map((t) => readFile(t.sandboxed, 'utf8')))
    const mark = agent.events.length
    const advanced = await advancePastLeases(ctx.conn, leased)
    if (!advanced.ok) return [...lines, advanced]
    lines.push(advanced)
    const second = await waitForTemplates(agent, dynamic, mark, true)
    for (const [i, t] of dynamic.entries()) {
      lines.push(await judgeRerender(t, before[i] ?? '', agent.events.slice(mark), second.missing.includes(t) ? hint(mark) : undefined))
    }
    return lines
  } finally {
    await agent.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

/** Templates whose text reads one of the leased secrets; all of them when that cannot be told. */
async function dynamicTemplates(templates: SandboxedTemplate[], config: AgentConfig, leased: LeasedSecret[]): Promise<SandboxedTemplate[]> {
  const paths = new Set(leased.map((l) => l.path))
  const texts = await Promise.all(config.templates.map((t) => (t.contents !== undefined ? t.contents : readFile(t.source ?? '', 'utf8').catch(() => ''))))
  const found = templates.filter((_, i) => secretPathsIn(texts[i] ?? '').some((p) => paths.has(p)))
  return found.length > 0 ? found : templates
}

async function advancePastLeases(conn: VaultConnection, leased: LeasedSecret[]): Promise<CheckLine> {
  const seconds = Math.max(...leased.map((l) => l.seconds)) + 1
  const reply = await vaultRequest(conn, 'POST', '/_emu/clock', { body: { advance: `${seconds}s` } })
  if (reply.status === 404) return fail(`${conn.addr} has no /_emu/clock: it is not vault-emu`, 'The check moves time, which only the emulator can: point VAULT_ADDR at `npx vault-emu up`.')
  if (reply.status !== 200) return fail(`cannot move the emulator's clock (${reply.status}: ${replyErrors(reply)})`, 'Run the check with the root token: export VAULT_TOKEN=root')
  const events = (reply.json as { report?: { events?: Array<{ kind: string }> } }).report?.events ?? []
  const count = (kind: string): number => events.filter((e) => e.kind === kind).length
  return pass(`moved the emulator's clock ${seconds}s forward, past the lease: ${count('expired')} lease(s) and ${count('token-expired')} token(s) expired`)
}

/**
 * Waits (wall time) until every template rendered after event `from`, and ran
 * its command when it has one and `withCommands`; stops early at an error.
 */
async function waitForTemplates(agent: RunningAgent, templates: SandboxedTemplate[], from: number, withCommands: boolean): Promise<{ missing: SandboxedTemplate[] }> {
  const done = (t: SandboxedTemplate, events: readonly AgentEvent[]): boolean => {
    const rendered = events.findIndex((e, i) => i >= from && e.type === 'render' && e.template === t.sandboxed)
    if (rendered < 0) return false
    return !withCommands || !t.command || events.some((e, i) => i > rendered && e.type === 'command' && e.template === t.sandboxed)
  }
  try {
    await agent.waitFor((e, i) => (i >= from && e.type === 'error') || templates.every((t) => done(t, agent.events)), RENDER_TIMEOUT_MS)
  } catch {
    // Timed out: what is missing is reported below.
  }
  return { missing: templates.filter((t) => !done(t, agent.events)) }
}

async function judgeRerender(t: SandboxedTemplate, before: string, events: readonly AgentEvent[], failureHints: string[] | undefined): Promise<CheckLine> {
  if (failureHints) {
    return fail(`${t.destination} did not render again after the lease expired`, ...failureHints)
  }
  const after = await readFile(t.sandboxed, 'utf8')
  if (after === before) return fail(`${t.destination} was written again with the same text`, 'The text must change with the credential: print the fields of the dynamic secret, e.g. {{ .Data.username }} and {{ .Data.password }}.')
  if (!t.command) {
    return fail(
      `${t.destination} re-rendered with new credentials, but it has no command: the file changes and the app never hears of it, so it keeps the dead password`,
      `Add a command to the template block that makes the app reload, e.g. ${COMMAND_EXAMPLE}`,
    )
  }
  const ran = events.some((e) => e.type === 'command' && e.template === t.sandboxed)
  if (!ran) return fail(`${t.destination} re-rendered but its command did not run`)
  return pass(`${t.destination} re-rendered with new credentials, and its command would run: ${t.command} (recorded, not run)`)
}
