/** Starts the agent: log in, write sinks, render templates, keep everything fresh. */
import type { AgentConfig } from './config-types.js'
import type { RunningAgent, StartAgentOptions } from './agent-types.js'

export async function startAgent(config: AgentConfig, options: StartAgentOptions = {}): Promise<RunningAgent> {
  void config
  void options
  throw new Error('[vault-emu] startAgent: not implemented yet')
}
