/** The `identity/` mount. Entities are created by logins; no API paths yet. */
import { defineBackend } from '../../framework/backend.js'

export const identityBackend = defineBackend({ kind: 'secret', paths: [] })
