/**
 * `node:http`, loaded with `require`. An ESM `import` of it makes Node build a
 * module facade that reads every export, including the lazy `WebSocket` /
 * `EventSource` getters, which load the bundled undici: about 30 ms of
 * `vault-emu up`'s start-up for a library the server never uses. Type-only
 * imports of `node:http` cost nothing (TypeScript erases them).
 */
import { createRequire } from 'node:module'
import type * as NodeHttp from 'node:http'

export const http: typeof NodeHttp = createRequire(import.meta.url)('node:http') as typeof NodeHttp
