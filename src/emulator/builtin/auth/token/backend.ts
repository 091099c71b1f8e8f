/**
 * The token store's HTTP face, mounted once at `auth/token/` (Vault's
 * TokenStore backend): create, lookup, renew and revoke tokens, token roles,
 * accessors. The tokens themselves live in `core.tokens`.
 */
import { defineBackend } from '../../../framework/backend.js'
import { createOrphanPath, createPath, createRolePath } from './path-create.js'
import { lookupAccessorPath, lookupPath, lookupSelfPath } from './path-lookup.js'
import { renewAccessorPath, renewPath, renewSelfPath, renewUrlPath } from './path-renew.js'
import { revokeAccessorPath, revokeOrphanPath, revokePath, revokeSelfPath } from './path-revoke.js'
import { rolePath, rolesListPath } from './path-roles.js'
import { accessorsListPath, tidyPath } from './path-accessors.js'

export const tokenBackend = defineBackend({
  kind: 'auth',
  // Vault's root paths for the token store. `revoke-orphan` itself is not one:
  // its handler checks sudo and answers with its own 400.
  sudo: ['revoke-orphan/*', 'accessors*'],
  paths: [
    rolesListPath,
    rolePath,
    accessorsListPath,
    createOrphanPath,
    createRolePath,
    createPath,
    lookupPath,
    lookupAccessorPath,
    lookupSelfPath,
    revokeAccessorPath,
    revokeSelfPath,
    revokePath,
    revokeOrphanPath,
    renewAccessorPath,
    renewSelfPath,
    renewPath,
    renewUrlPath,
    tidyPath,
  ],
})
