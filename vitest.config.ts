import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    // e2e tests import the package by name, as users do; resolve it to the sources.
    alias: [
      { find: /^vault-emu$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^vault-emu\/assertions$/, replacement: fileURLToPath(new URL('./src/assertions/index.ts', import.meta.url)) },
      { find: /^vault-emu\/vitest$/, replacement: fileURLToPath(new URL('./src/fixtures/vitest.ts', import.meta.url)) },
      { find: /^vault-emu\/vitest\/matchers$/, replacement: fileURLToPath(new URL('./src/assertions/setup.ts', import.meta.url)) },
      { find: /^vault-emu\/vitest\/global-setup$/, replacement: fileURLToPath(new URL('./src/fixtures/global-setup.ts', import.meta.url)) },
      { find: /^vault-emu\/agent$/, replacement: fileURLToPath(new URL('./src/agent/index.ts', import.meta.url)) },
      { find: /^vault-emu\/msw$/, replacement: fileURLToPath(new URL('./src/fixtures/msw.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
})
