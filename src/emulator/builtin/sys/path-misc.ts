// API: https://developer.hashicorp.com/vault/api-docs/system (version-history, host-info,
// key-status, ha-status, step-down, internal/counters, metrics)
import os from 'node:os'
import { definePath } from '../../framework/path.js'
import { BUILD_DATE, VAULT_VERSION } from '../../core/version.js'

export const versionHistoryPath = definePath({
  pattern: 'version-history/',
  operations: {
    list: ({ core }) => ({
      data: {
        keys: [VAULT_VERSION],
        key_info: { [VAULT_VERSION]: { build_date: BUILD_DATE, previous_version: null, timestamp_installed: core.activeSince } },
      },
    }),
  },
})

export const keyStatusPath = definePath({
  pattern: 'key-status',
  operations: {
    read: ({ core }) => ({ data: { term: 1, install_time: core.activeSince, encryptions: 0 } }),
  },
})

export const haStatusPath = definePath({
  pattern: 'ha-status',
  operations: {
    read: ({ core }) => ({
      data: {
        nodes: [{ hostname: os.hostname(), api_address: core.apiAddress, cluster_address: core.apiAddress.replace(/^http:/, 'https:'), active_node: true, last_echo: null, version: VAULT_VERSION }],
      },
    }),
  },
})

export const stepDownPath = definePath({
  pattern: 'step-down',
  operations: { update: () => undefined },
})

export const hostInfoPath = definePath({
  pattern: 'host-info',
  operations: {
    read: ({ core }) => ({
      data: {
        cpu: os.cpus().map((c, i) => ({ cpu: i, modelName: c.model, mhz: c.speed })),
        cpu_times: [],
        disk: [],
        host: { hostname: os.hostname(), os: os.platform(), platform: os.platform(), kernelVersion: os.release(), uptime: Math.round(os.uptime()) },
        memory: { total: os.totalmem(), free: os.freemem(), used: os.totalmem() - os.freemem() },
        timestamp: new Date(core.clock.now()).toISOString(),
      },
    }),
  },
})

export const tokenCountersPath = definePath({
  pattern: 'internal/counters/tokens',
  operations: {
    read: ({ core }) => ({ data: { counters: { service_tokens: { total: core.tokens.allIds().length } } } }),
  },
})

export const metricsPath = definePath({
  pattern: 'metrics',
  operations: {
    read: ({ core }) => ({
      data: { Timestamp: new Date(core.clock.now()).toISOString(), Gauges: [], Counters: [], Samples: [], Points: [] },
    }),
  },
})
