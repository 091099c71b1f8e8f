/** `vault kv metadata get [-mount=m] <path>`: a v2 key's metadata, then one table per version. */
import type { VaultCommand } from '../command.js'
import { flag, OUTPUT_FLAGS } from '../flags.js'
import { fail, outputOptions, printSecret, say } from '../output.js'
import { runApiCommand } from './generic-api-command.js'
import { sendOrReport } from './generic-outcome.js'
import { kvApiPath, singleKvTarget } from './kv-mount.js'
import { isRecord, printPathBanner, printTitledMap } from './kv-output.js'
import { headerForMap } from './kv-paths.js'

const KV_METADATA_GET_FLAGS = { ...OUTPUT_FLAGS, mount: flag.string({ default: '' }) }

export const kvMetadataGet: VaultCommand = (io, argv) =>
  runApiCommand(io, argv, KV_METADATA_GET_FLAGS, async (io, client, flags, args) => {
    const target = await singleKvTarget(client, args, flags.mount)
    const out = outputOptions(io, flags)
    if (!target.v2) {
      fail(io, 'Metadata not supported on KV Version 1')
      return 1
    }
    const fullPath = kvApiPath(target, 'metadata')
    const sent = await sendOrReport(io, `Error reading ${fullPath}`, () => client.read(fullPath))
    if ('code' in sent) return sent.code
    const secret = sent.value
    if (secret === undefined) {
      fail(io, `No value found at ${fullPath}`)
      return 2
    }
    if (out.field !== undefined || secret.wrap_info || out.format !== 'table') return printSecret(io, secret, out)

    const { versions, ...metadata } = secret.data ?? {}
    if (!isRecord(versions)) {
      fail(io, `No value found at ${fullPath}`)
      printSecret(io, secret, out)
      return 2
    }
    printPathBanner(io, 'Metadata Path', fullPath)
    say(io, headerForMap('Metadata', metadata))
    printSecret(io, { ...secret, data: metadata }, out)
    const numbers = Object.keys(versions).map(Number).sort((a, b) => a - b)
    for (const n of numbers) {
      const version = versions[String(n)]
      const fields = isRecord(version) ? version : {}
      say(io, '')
      printTitledMap(io, `Version ${n}`, fields)
    }
    return 0
  })
