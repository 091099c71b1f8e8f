#!/usr/bin/env node
// Runs the CLI, bundled by `npm run build` (which `npm install` runs through the
// `prepare` script): see rolldown.config.mjs.
import '../dist/cli-bundle/run.js'
