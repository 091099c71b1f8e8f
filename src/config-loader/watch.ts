/**
 * Live reload (`vault-emu up --watch`): watch `vault.config.yaml`, `policies/*.hcl`
 * and `roles/*.yaml`; on a change, run the checks of `vault-emu validate` (errors
 * only: lint warnings do not block) and, when they pass, apply what changed to
 * the running emulator through its request path (see {@link diffConfig}).
 * Secrets, tokens and leases are untouched; a broken file leaves the last good
 * config in force and its problems are logged as `file:line:col`.
 *
 * Wall time (the debounce timer) is allowed here: this is the loader, not the emulator.
 *
 * @example
 * const vault = await startVaultEmulator({ config: '.' })
 * const watcher = await watchConfig(vault, '.', { log: console.log })
 * // ... edit policies/reader.hcl ...
 * watcher.close()
 */
import { existsSync, statSync, watch } from 'node:fs'
import type { FSWatcher } from 'node:fs'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import type { VaultEmulator } from '../emulator/emulator.js'
import { callVault } from '../emulator/transport/in-process.js'
import { applySteps } from './apply.js'
import type { ApplyContext } from './apply.js'
import type { Diagnostic } from './diagnostic.js'
import { appliedState, diffConfig } from './diff.js'
import type { AppliedObject } from './diff.js'
import type { Variables } from './interpolate.js'
import { CONFIG_FILE, readConfig } from './read-config.js'
import type { LoadedConfig } from './read-config.js'
import { formatText } from './report/format-text.js'
import type { VaultConfig } from './types.js'
import { validateLoaded } from './validate.js'

export interface WatchConfigOptions {
  /** Where reload results and problems go; default: none. */
  log?: (line: string) => void
  /** Quiet time after the last file event before reloading, in ms. Default 100. */
  debounceMs?: number
  /** Variables for `${VAR}`; default `process.env`. */
  env?: Variables
  /** Folder file names in messages are relative to; default `process.cwd()`. */
  cwd?: string
  /** Called after each reload attempt (tests, tools). */
  onReload?: (result: ReloadResult) => void
}

export interface ReloadResult {
  /**
   * `applied`: changes were made (some may have failed, see `failures`); `unchanged`: nothing to do;
   * `invalid`: the files have errors, nothing was applied; `sealed`: the emulator is sealed, nothing was applied.
   */
  status: 'applied' | 'unchanged' | 'invalid' | 'sealed'
  /** The errors that blocked the reload (`invalid`). */
  problems: Diagnostic[]
  /** `updated policy reader`, `deleted role auth/approle/role/ci`, ... */
  changes: string[]
  /** Calls Vault rejected, with file:line; those objects keep their previous state and are retried on the next change. */
  failures: string[]
  /** Changes live reload does not make (server options, removed mounts). */
  skipped: string[]
}

export interface ConfigWatcher {
  /** The folders being watched (absolute). */
  readonly dirs: readonly string[]
  /** Re-read and apply now, as a file change does; resolves when done. */
  reload(): Promise<ReloadResult>
  /** Stop watching; a reload under way finishes. */
  close(): void
}

/**
 * Watch the config `input` (a folder holding `vault.config.yaml`, or the file) of a running
 * emulator and apply changes live. Resolves once watching; the files as they are now are
 * taken to be what the emulator was started with.
 */
export async function watchConfig(vault: VaultEmulator, input: string, options: WatchConfigOptions = {}): Promise<ConfigWatcher> {
  const log = options.log ?? (() => undefined)
  const env = options.env ?? process.env
  const cwd = options.cwd ?? process.cwd()
  const debounceMs = options.debounceMs ?? 100
  const path = resolve(cwd, input)
  const configFile = existsSync(path) && statSync(path).isDirectory() ? join(path, CONFIG_FILE) : path
  const configDir = dirname(configFile)

  const baseline = readConfig(input, env, cwd)
  let state: Map<string, AppliedObject> = stateOf(baseline)
  let lastConfig: VaultConfig = baseline.config
  const startProblems = errorsOf(await validateLoaded(baseline))
  if (startProblems.length > 0) log(`config has problems; they are applied once fixed:\n${formatText(startProblems).trimEnd()}`)

  const watchers = new Map<string, { watcher: FSWatcher; ino: number }>()
  let closed = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let queued: Promise<ReloadResult> | undefined
  let chain: Promise<unknown> = Promise.resolve()

  const wanted = (): { dir: string; relevant: (name: string) => boolean }[] => {
    const policies = resolve(configDir, lastConfig.policies ?? 'policies')
    const roles = resolve(configDir, lastConfig.roles ?? 'roles')
    const firstSegment = (dir: string): string | undefined => {
      const rel = relative(configDir, dir)
      return rel === '' || rel.startsWith('..') ? undefined : rel.split(sep)[0]
    }
    return [
      { dir: configDir, relevant: (name) => name === basename(configFile) || name === firstSegment(policies) || name === firstSegment(roles) },
      { dir: policies, relevant: (name) => name.endsWith('.hcl') },
      { dir: roles, relevant: (name) => /\.ya?ml$/.test(name) },
    ]
  }

  const refreshWatchers = (): void => {
    if (closed) return
    const targets = wanted()
    const dirs = new Set(targets.map((t) => t.dir))
    for (const [dir, entry] of watchers) {
      const ino = inode(dir)
      if (!dirs.has(dir) || ino !== entry.ino) {
        entry.watcher.close()
        watchers.delete(dir)
      }
    }
    for (const dir of dirs) {
      if (watchers.has(dir)) continue
      const ino = inode(dir)
      if (ino === undefined) continue // created later: the parent's watcher sees it
      const relevant = (name: string): boolean => targets.some((t) => t.dir === dir && t.relevant(name))
      try {
        // Folders, not files: editors that save through a rename replace the file, never the folder.
        const watcher = watch(dir, { persistent: true }, (_event, filename) => {
          if (filename === null || relevant(basename(filename.toString()))) schedule()
        })
        watcher.on('error', () => {
          watcher.close()
          if (watchers.get(dir)?.watcher === watcher) watchers.delete(dir)
          schedule()
        })
        watchers.set(dir, { watcher, ino })
      } catch {
        // Gone between the stat and the watch: the next event looks again.
      }
    }
  }

  const schedule = (): void => {
    if (closed) return
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = undefined
      refreshWatchers()
      void enqueue()
    }, debounceMs)
  }

  /** One reload at a time; events during a reload queue one more. */
  const enqueue = (): Promise<ReloadResult> => {
    if (queued) return queued
    const run = chain.then(() => {
      queued = undefined
      return reloadOnce()
    })
    queued = run
    chain = run.catch(() => undefined)
    return run
  }

  const reloadOnce = async (): Promise<ReloadResult> => {
    const result: ReloadResult = { status: 'unchanged', problems: [], changes: [], failures: [], skipped: [] }
    const finish = (): ReloadResult => {
      options.onReload?.(result)
      return result
    }
    let loaded: LoadedConfig
    try {
      loaded = readConfig(input, env, cwd)
    } catch (err) {
      result.status = 'invalid'
      result.problems = [{ file: relative(cwd, configFile) || configFile, line: 1, col: 1, rule: 'read', severity: 'error', message: messageOf(err), fix: 'restore the config' }]
      log(`config not reloaded (still running on the last good config):\n${formatText(result.problems).trimEnd()}`)
      return finish()
    }
    lastConfig = loaded.config
    refreshWatchers()
    const problems = errorsOf(await validateLoaded(loaded))
    if (problems.length > 0) {
      result.status = 'invalid'
      result.problems = problems
      log(`config not reloaded (still running on the last good config):\n${formatText(problems).trimEnd()}`)
      return finish()
    }
    const next = stateOf(loaded)
    const { changes } = diffConfig(state, next)
    if (changes.length === 0) return finish()
    if (vault.core.sealStatus().sealed) {
      result.status = 'sealed'
      log('config changed but not applied: the emulator is sealed (unseal it, then save a file again)')
      return finish()
    }
    result.status = 'applied'
    const context: ApplyContext = {
      vars: { ...env, VAULT_EMU_ADDR: vault.addr, VAULT_EMU_KUBERNETES_HOST: vault.kubernetes.host },
      postgres: vault.postgres,
    }
    const updated = new Map(state)
    for (const change of changes) {
      try {
        if (change.action === 'write') {
          await applySteps(vault.core, loaded, change.object.steps, context)
          updated.set(change.object.key, change.object)
          result.changes.push(`${change.created ? 'created' : 'updated'} ${change.object.label}`)
        } else if (change.action === 'tune') {
          await applySteps(vault.core, loaded, [change.step], context)
          updated.set(change.object.key, change.object)
          result.changes.push(`tuned ${change.object.label}`)
        } else if (change.action === 'delete') {
          const reply = await callVault(vault.core, 'DELETE', change.path, { token: vault.core.rootTokenId })
          if (reply.status >= 400 && reply.status !== 404) {
            const errors = (reply.json as { errors?: unknown[] } | undefined)?.errors?.map(String).join('; ') ?? `status ${reply.status}`
            throw new Error(`DELETE ${change.path} failed: ${errors}`)
          }
          updated.delete(change.object.key)
          result.changes.push(`deleted ${change.object.label}`)
        } else {
          if (change.object && next.has(change.object.key)) updated.set(change.object.key, change.object)
          else if (change.object) updated.delete(change.object.key)
          result.skipped.push(change.reason)
        }
      } catch (err) {
        result.failures.push(messageOf(err))
      }
    }
    state = updated
    const lines: string[] = []
    if (result.changes.length > 0) lines.push(`config reloaded: ${result.changes.join(', ')}`)
    for (const reason of result.skipped) lines.push(`not applied live: ${reason}`)
    for (const failure of result.failures) lines.push(`reload failed: ${failure} (kept the previous version; retried on the next change)`)
    if (lines.length > 0) log(lines.join('\n'))
    return finish()
  }

  refreshWatchers()
  return {
    get dirs() {
      return [...watchers.keys()]
    },
    reload: () => enqueue(),
    close() {
      closed = true
      if (timer !== undefined) clearTimeout(timer)
      for (const { watcher } of watchers.values()) watcher.close()
      watchers.clear()
    },
  }
}

function stateOf(loaded: LoadedConfig): Map<string, AppliedObject> {
  try {
    return appliedState(loaded)
  } catch {
    // A config too broken to plan (it failed validation too): nothing is known to be applied from it.
    return new Map()
  }
}

function errorsOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error')
}

function inode(dir: string): number | undefined {
  try {
    const stat = statSync(dir)
    return stat.isDirectory() ? stat.ino : undefined
  } catch {
    return undefined
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message.replace(/^\[vault-emu\] /, '') : String(err)
}
