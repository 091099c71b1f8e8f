/** Agent events as log lines in Vault Agent's style: `<time> [INFO]  <component>: <message>`. */
import type { AgentEvent } from './agent-types.js'

const WORDING: Record<AgentEvent['type'], { level: 'INFO' | 'WARN' | 'ERROR'; text: string }> = {
  auth: { level: 'INFO', text: 'auth.handler: authentication successful' },
  sink: { level: 'INFO', text: 'sink.file: token written' },
  secret: { level: 'INFO', text: 'template.server: fetched secret' },
  render: { level: 'INFO', text: 'template.server: rendered template' },
  command: { level: 'INFO', text: 'template.server: executed command' },
  renew: { level: 'INFO', text: 'lifetime.watcher: renewed' },
  'renew-failed': { level: 'WARN', text: 'lifetime.watcher: renewal failed, fetching a new secret' },
  error: { level: 'ERROR', text: 'agent: will retry' },
}

/** One line; events never carry tokens or secret values, so neither do the lines. */
export function describeEvent(event: AgentEvent): string {
  const { level, text } = WORDING[event.type]
  const parts = [event.template ? `dest=${event.template}` : '', event.detail ?? ''].filter(Boolean)
  return `${event.at.toISOString()} [${level}]${level === 'ERROR' ? ' ' : '  '}${text}${parts.length > 0 ? `: ${parts.join(' ')}` : ''}`
}
