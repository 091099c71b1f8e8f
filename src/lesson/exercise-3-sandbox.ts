/**
 * The learner's agent config, made safe to run for a check: every file it
 * would write (template destinations, token sinks, pid file) goes to a temp
 * directory, relative paths it reads are taken from the learner's working
 * directory, and it never deletes the learner's secret ID file.
 */
import { basename, join, resolve } from 'node:path'
import type { AgentConfig, AutoAuthMethod } from '../agent/index.js'

export interface SandboxedTemplate {
  /** The destination the learner wrote. */
  destination: string
  /** Where the check renders it instead. */
  sandboxed: string
  command?: string
}

function readsFrom(method: AutoAuthMethod, cwd: string): AutoAuthMethod {
  switch (method.type) {
    case 'approle':
      return {
        ...method,
        roleIdFilePath: resolve(cwd, method.roleIdFilePath),
        ...(method.secretIdFilePath ? { secretIdFilePath: resolve(cwd, method.secretIdFilePath) } : {}),
        removeSecretIdFileAfterReading: false,
      }
    case 'kubernetes':
      return { ...method, tokenPath: resolve(cwd, method.tokenPath) }
    case 'token_file':
      return { ...method, tokenFilePath: resolve(cwd, method.tokenFilePath) }
  }
}

/** A copy of `config` that writes only below `dir` and talks to `addr`. */
export function sandboxAgentConfig(config: AgentConfig, options: { dir: string; cwd: string; addr: string }): { config: AgentConfig; templates: SandboxedTemplate[] } {
  const { dir, cwd, addr } = options
  const templates = config.templates.map((t, i) => ({
    ...t,
    ...(t.source !== undefined ? { source: resolve(cwd, t.source) } : {}),
    destination: join(dir, `template-${i}-${basename(t.destination)}`),
  }))
  const { pidFile: _pidFile, ...rest } = config
  return {
    config: {
      ...rest,
      vaultAddress: addr,
      autoAuth: {
        method: readsFrom(config.autoAuth.method, cwd),
        sinks: config.autoAuth.sinks.map((s, i) => ({ ...s, path: join(dir, `sink-${i}-${basename(s.path)}`) })),
      },
      templates,
    },
    templates: config.templates.map((t, i) => ({
      destination: t.destination,
      sandboxed: templates[i]!.destination,
      ...(t.command ? { command: t.command } : {}),
    })),
  }
}
