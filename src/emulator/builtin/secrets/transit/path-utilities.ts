// API: https://developer.hashicorp.com/vault/api-docs/secret/transit#generate-random-bytes
//      https://developer.hashicorp.com/vault/api-docs/secret/transit#hash-data
import type { PathDefinition } from '../../../framework/path.js'
import { toolsHashPath, toolsRandomPath } from '../../sys/path-tools.js'

/** `sys/tools/random` and `sys/tools/hash` behave exactly like these; only the pattern differs. */
export const randomPath: PathDefinition = { ...toolsRandomPath, pattern: 'random/:source?/:urlbytes?' }
export const hashPath: PathDefinition = { ...toolsHashPath, pattern: 'hash/:urlalgorithm?' }
