#!/usr/bin/env node
// Runs the compiled CLI (built by `npm install` through the `prepare` script).
// Node's on-disk compile cache (Node >= 22.1) keeps the compiled code of the
// CLI's modules between runs, so that a start after the first skips compiling
// them. It changes nothing else; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
import module from 'node:module'

module.enableCompileCache?.()
await import('../dist/cli/run.js')
