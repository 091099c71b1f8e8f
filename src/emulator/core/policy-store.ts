/**
 * Named ACL policies: stored text plus parsed rules, and a cache of the ACL
 * built for each set of policy names (invalidated by any policy change).
 * Tokens keep their policies array for their lifetime, so the ACL of a
 * request is found by that array's identity first, without building a key.
 */
import type { Storage } from './storage.js'
import { sameStrings } from './same-strings.js'
import { ACL, DEFAULT_POLICY, DEFAULT_POLICY_TEXT, parsePolicy, policyFromRules } from './policy/index.js'
import type { Policy, PolicyRule } from './policy/index.js'

interface StoredPolicy {
  name: string
  text: string
  rules: PolicyRule[]
}

const PREFIX = 'acl/'

/** The ACL last built for one policies array, and what it was built from. */
interface AclByArray {
  generation: number
  /** A copy of the names: an array changed in place since misses the cache. */
  names: readonly string[]
  acl: ACL
}

export class PolicyStore {
  readonly #storage: Storage
  #acls = new Map<string, ACL>()
  #byArray = new WeakMap<readonly string[], AclByArray>()
  /** Bumped by every policy change: entries of {@link #byArray} from before it are stale. */
  #generation = 0

  constructor(storage: Storage) {
    this.#storage = storage
  }

  /** Writes the built-in `default` policy unless a stored one exists. */
  ensureDefaults(): void {
    if (!this.#storage.get(PREFIX + 'default')) {
      this.#put({ name: 'default', text: DEFAULT_POLICY_TEXT, rules: DEFAULT_POLICY.rules })
    }
  }

  get(name: string): Policy | undefined {
    const stored = this.#storage.get<StoredPolicy>(PREFIX + name)
    return stored ? policyFromRules(stored.name, stored.text, stored.rules) : undefined
  }

  /** Parse and store; throws PolicyParseError on bad HCL. */
  async set(name: string, text: string): Promise<Policy> {
    const policy = await parsePolicy(name, text)
    this.#put({ name, text, rules: policy.rules })
    return policy
  }

  delete(name: string): void {
    this.#storage.delete(PREFIX + name)
    this.invalidate()
  }

  names(): string[] {
    return this.#storage.list(PREFIX).filter((n) => !n.endsWith('/'))
  }

  /** The ACL for a token's policies (unknown names grant nothing). */
  acl(names: readonly string[]): ACL {
    const known = this.#byArray.get(names)
    if (known !== undefined && known.generation === this.#generation && sameStrings(known.names, names)) return known.acl
    const acl = this.#aclByKey(names)
    this.#byArray.set(names, { generation: this.#generation, names: [...names], acl })
    return acl
  }

  #aclByKey(names: readonly string[]): ACL {
    const key = [...names].sort().join('\n')
    let acl = this.#acls.get(key)
    if (!acl) {
      const policies: Policy[] = []
      for (const name of names) {
        if (name === 'root') policies.push(policyFromRules('root', '', []))
        else {
          const p = this.get(name)
          if (p) policies.push(p)
        }
      }
      acl = ACL.fromPolicies(policies)
      this.#acls.set(key, acl)
    }
    return acl
  }

  /** Forget cached ACLs (after a restore replaced storage). */
  invalidate(): void {
    this.#acls.clear()
    this.#generation++
  }

  #put(stored: StoredPolicy): void {
    this.#storage.put(PREFIX + stored.name, stored)
    this.invalidate()
  }
}
