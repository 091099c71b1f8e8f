/**
 * `vault secrets enable|disable|list`: mount, unmount and list secrets engines.
 * `kv-v2` is sent as is; the server mounts kv with version 2.
 */
import { defineDisable, defineEnable, defineList } from '../mount-commands.js'
import { detailedMountRows, sortedPaths } from '../mount-table.js'
import { table } from '../table.js'

export const secretsEnable = defineEnable('sys/mounts', () => 'Error enabling', (type, path) => `Enabled the ${type} secrets engine at: ${path}`)

export const secretsDisable = defineDisable(
  'sys/mounts',
  (path) => `Error disabling secrets engine at ${path}`,
  (path) => `Disabled the secrets engine (if it existed) at: ${path}`,
)

export const secretsList = defineList('sys/mounts', 'Error listing secrets engines', (mounts, detailed) => {
  if (detailed) {
    const [header, ...rows] = detailedMountRows(mounts, 'secrets')
    return table(header as string[], rows)
  }
  return table(['Path', 'Type', 'Accessor', 'Description'], sortedPaths(mounts).map((p) => [p, mounts[p]?.type ?? '', mounts[p]?.accessor ?? '', mounts[p]?.description ?? '']))
})
