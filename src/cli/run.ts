/** Entry point of the `vault-emu` binary. */
import { main } from './main.js'

// Output piped into a reader that stops early (`vault-emu kv get ... | head -1`): end
// quietly, as the vault CLI does, instead of dying on an unhandled EPIPE.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0)
})

const exitCode = await main(process.argv.slice(2))
if (exitCode >= 0) process.exitCode = exitCode
