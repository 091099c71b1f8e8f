/** A Kubernetes role bound to every namespace lets any namespace with that service-account name log in. */
import type { LintRule } from './types.js'
import { listField } from './types.js'

export const k8sWildcardNamespace: LintRule = {
  id: 'k8s-wildcard-namespace',
  severity: 'error',
  rationale: 'bound_service_account_namespaces: ["*"] lets test, CI and developer namespaces log in as this role.',
  check({ loaded, mountTypeOf, atRole }) {
    return loaded.roles.flatMap((role) => {
      if (mountTypeOf(role.entry.mount) !== 'kubernetes') return []
      const namespaces = listField(role.entry['bound_service_account_namespaces'])
      const at = namespaces.indexOf('*')
      if (at < 0) return []
      const path = Array.isArray(role.entry['bound_service_account_namespaces']) ? ['bound_service_account_namespaces', at] : ['bound_service_account_namespaces']
      return [atRole(role, path, { message: `Kubernetes role "${role.entry.name}" accepts every namespace`, fix: 'list the exact namespaces, e.g. [production]' })]
    })
  },
}
