/** Every lint rule of `vault-emu validate`, in report order. */
import { broadGlob } from './broad-glob.js'
import { dbCreationTemplates } from './db-creation-templates.js'
import { dbNoRevocation } from './db-no-revocation.js'
import { dbRevokeBeforeDrop } from './db-revoke-before-drop.js'
import { dbValidUntil } from './db-valid-until.js'
import { denyMixed } from './deny-mixed.js'
import { k8sWildcardNamespace } from './k8s-wildcard-namespace.js'
import { kvV2Path } from './kv-v2-path.js'
import { sudoBroadGlob } from './sudo-broad-glob.js'
import type { LintRule } from './types.js'
import { unknownCapability } from './unknown-capability.js'
import { unknownPolicy } from './unknown-policy.js'
import { unusedPolicy } from './unused-policy.js'

export const LINT_RULES: readonly LintRule[] = [
  kvV2Path,
  unknownCapability,
  denyMixed,
  sudoBroadGlob,
  broadGlob,
  k8sWildcardNamespace,
  dbCreationTemplates,
  dbValidUntil,
  dbNoRevocation,
  dbRevokeBeforeDrop,
  unusedPolicy,
  unknownPolicy,
]
