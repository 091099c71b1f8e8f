/** `vault kv enable-versioning <mount>`: turns a KV v1 mount into v2 (a tune of `options.version`). */
import { expectArgs, type VaultCommand } from '../command.js'
import { say } from '../output.js'
import { runApiCommand } from './generic-api-command.js'
import { sendOrReport } from './generic-outcome.js'
import { sanitizePath } from './kv-paths.js'

export const kvEnableVersioning: VaultCommand = (io, argv) =>
  runApiCommand(io, argv, {}, async (io, client, _flags, args) => {
    expectArgs(args, 1)
    const mount = `${sanitizePath(args[0] as string)}/`
    const sent = await sendOrReport(io, `Error tuning secrets engine ${mount}`, () => client.post(`sys/mounts/${mount}tune`, { options: { version: '2' } }))
    if ('code' in sent) return sent.code
    say(io, `Success! Tuned the secrets engine at: ${mount}`)
    return 0
  })
