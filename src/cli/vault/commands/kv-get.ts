/** `vault kv get [-mount=m] [-version=n] [-field=f] [-format=json] <path>`. */
import type { VaultCommand } from '../command.js'
import { flag, OUTPUT_FLAGS } from '../flags.js'
import { fail, outputOptions, printField, printSecret, printWarnings, say } from '../output.js'
import { runApiCommand } from './generic-api-command.js'
import { sendOrReport } from './generic-outcome.js'
import { readSecret } from './generic-read-secret.js'
import { kvApiPath, singleKvTarget } from './kv-mount.js'
import { isRecord, printPathBanner, printTitledMap } from './kv-output.js'

const KV_GET_FLAGS = { ...OUTPUT_FLAGS, mount: flag.string({ default: '' }), version: flag.int({ default: 0 }) }

export const kvGet: VaultCommand = (io, argv) =>
  runApiCommand(io, argv, KV_GET_FLAGS, async (io, client, flags, args) => {
    const target = await singleKvTarget(client, args, flags.mount)
    const out = outputOptions(io, flags)
    const fullPath = kvApiPath(target, 'data')
    const version = flags.version ?? 0
    const query = target.v2 && version > 0 ? { version: String(version) } : undefined

    const sent = await sendOrReport(io, `Error reading ${fullPath}`, () => readSecret(client, fullPath, query))
    if ('code' in sent) return sent.code
    const secret = sent.value
    if (secret === undefined) {
      fail(io, `No value found at ${fullPath}`)
      return 2
    }

    if (out.field !== undefined) {
      if (!target.v2) return printSecret(io, secret, out)
      const data = secret.data?.['data']
      if (!isRecord(data)) {
        fail(io, `No data found at ${fullPath}`)
        return 2
      }
      // "-field=data": the secret's own key named data if it has one, else the whole data block.
      if (out.field === 'data' && !Object.hasOwn(data, 'data')) return printSecret(io, secret, out)
      return printField(io, data[out.field], out, 'map')
    }
    if (secret.wrap_info || out.format !== 'table') return printSecret(io, secret, out)

    printWarnings(io, secret.warnings)
    if (target.v2) printPathBanner(io, 'Secret Path', fullPath)
    const metadata = secret.data?.['metadata']
    if (isRecord(metadata)) {
      printTitledMap(io, 'Metadata', metadata)
      say(io, '')
    }
    const data = target.v2 ? secret.data?.['data'] : secret.data
    if (isRecord(data)) printTitledMap(io, 'Data', data)
    return 0
  })
