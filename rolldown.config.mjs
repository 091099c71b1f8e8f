// The `vault-emu` command as a handful of chunks (`npm run build` makes it after tsc):
// loading ~150 small compiled modules one by one is much of a start-up's time, and a
// bundle loads in far fewer steps. Dependencies stay external, resolved from
// node_modules as usual; the library (`dist/index.js` and the other exports) is not
// bundled. Chunks live one level under dist/, as the compiled modules do, so paths
// made from `import.meta.url` (`../../schema/...`) resolve the same.
export default {
  input: { run: 'dist/cli/run.js' },
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/'),
  logLevel: 'warn',
  output: { dir: 'dist/cli-bundle', format: 'esm', cleanDir: true },
}
