/**
 * The `transit` secrets engine (`vault secrets enable transit`): encryption
 * as a service. Named, versioned keys never leave the engine (unless made
 * exportable); clients encrypt, decrypt, sign, verify and HMAC through it.
 */
import { defineBackend } from '../../../framework/backend.js'
import type { BackendFactory } from '../../../framework/backend.js'
import { TransitEngine } from './engine.js'
import { keysPaths } from './path-keys.js'
import { keyConfigPaths } from './path-key-config.js'
import { rotatePaths } from './path-rotate.js'
import { trimPaths } from './path-trim.js'
import { exportPaths } from './path-export.js'
import { backupPaths } from './path-backup.js'
import { encryptPaths } from './path-encrypt.js'
import { decryptPaths } from './path-decrypt.js'
import { rewrapPaths } from './path-rewrap.js'
import { datakeyPaths } from './path-datakey.js'
import { hmacPaths } from './path-hmac.js'
import { signPaths } from './path-sign.js'
import { verifyPaths } from './path-verify.js'
import { configKeysPaths } from './path-config-keys.js'
import { hashPath, randomPath } from './path-utilities.js'

export const transitBackend: BackendFactory = defineBackend({
  kind: 'secret',
  create: (setup) => {
    const engine = new TransitEngine(setup)
    engine.rotation.armAll()
    // A storage reload clears the clock's timers after re-creating backends: arm again once it is done.
    queueMicrotask(() => engine.rotation.armAll())
    return {
      paths: [
        ...keysPaths(engine),
        ...keyConfigPaths(engine),
        ...rotatePaths(engine),
        ...trimPaths(engine),
        ...exportPaths(engine),
        ...backupPaths(engine),
        ...encryptPaths(engine),
        ...decryptPaths(engine),
        ...rewrapPaths(engine),
        ...datakeyPaths(engine),
        ...hmacPaths(engine),
        ...signPaths(engine),
        ...verifyPaths(engine),
        ...configKeysPaths(engine),
        randomPath,
        hashPath,
      ],
      cleanup: async () => engine.cleanup(),
    }
  },
})
