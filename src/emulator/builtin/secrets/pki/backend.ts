/**
 * The `pki` secrets engine (`vault secrets enable pki`): an internal CA that
 * issues X.509 certificates. Roots and intermediates, roles, issue and sign,
 * revocation with CRLs, and the unauthenticated fetch endpoints clients and
 * TLS stacks use. Validity comes from the core clock.
 */
import { defineBackend } from '../../../framework/backend.js'
import type { BackendFactory } from '../../../framework/backend.js'
import { PkiEngine } from './engine.js'
import { rootPaths } from './path-root.js'
import { intermediatePaths } from './path-intermediate.js'
import { signIntermediatePaths } from './path-sign-intermediate.js'
import { rolePaths } from './path-roles.js'
import { issuePaths } from './path-issue.js'
import { revokePaths } from './path-revoke.js'
import { fetchPaths } from './path-fetch.js'
import { configPaths } from './path-config.js'
import { issuerPaths } from './path-issuers.js'
import { tidyPaths } from './path-tidy.js'
import { CERT_SECRET, certSecret } from './secret-cert.js'

export const pkiBackend: BackendFactory = defineBackend({
  kind: 'secret',
  unauthenticated: ['cert/*', 'ca/pem', 'ca_chain', 'ca', 'crl/pem', 'crl', 'issuers/', 'issuer/*'],
  sudo: ['root', 'root/sign-self-issued'],
  create: (setup) => {
    const engine = new PkiEngine(setup)
    return {
      paths: [
        ...rootPaths(engine),
        ...signIntermediatePaths(engine),
        ...intermediatePaths(engine),
        ...rolePaths(engine),
        ...issuePaths(engine),
        ...revokePaths(engine),
        ...fetchPaths(engine),
        ...configPaths(engine),
        ...issuerPaths(engine),
        ...tidyPaths(engine),
      ],
      secrets: { [CERT_SECRET]: certSecret(engine) },
    }
  },
})
