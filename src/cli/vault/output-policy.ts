/**
 * `-output-policy`: instead of sending a request, print the ACL policy a token needs to send it.
 *
 * The vault CLI derives it from the one HTTP request the command would make: the path after
 * `/v1/`, one capability per method (`GET` read, `GET ?list=true` list, `POST`/`PUT` create and
 * update, `PATCH` patch, `DELETE` delete), plus `sudo` on the fixed list of root-protected paths.
 * For KV v2 the path already holds `data/` or `metadata/`, which is why the flag cures the
 * "policy says secret/myapp/*, request goes to secret/data/myapp/*" trap.
 *
 * @example
 * policyForRequest({ method: 'GET', path: 'secret/data/myapp/config' })
 * // path "secret/data/myapp/config" {
 * //   capabilities = ["read"]
 * // }
 */

/** The request a command would have sent, as the vault CLI's HTTP client sees it. */
export interface PolicyRequest {
  /** HTTP method: `GET`, `POST`, `PUT`, `PATCH`, `DELETE` (`LIST` is accepted too). */
  method: string
  /** API path without `/v1/`, e.g. `secret/data/myapp/config`. */
  path: string
  /** Query parameters; `list=true` turns a `GET` into `list`. */
  query?: URLSearchParams | Record<string, string>
}

/**
 * Thrown by a client in output-policy mode in place of sending the request; the CLI entry
 * catches it and prints {@link policyForRequest} of it.
 *
 * @example
 * try { await run() } catch (err) { if (err instanceof OutputPolicyRequest) io.stdout.write(`${err.policy}\n`) }
 */
export class OutputPolicyRequest extends Error {
  override name = 'OutputPolicyRequest'
  constructor(readonly request: PolicyRequest) {
    super('output a policy, please')
  }
  /** The HCL the request needs. */
  get policy(): string {
    return policyForRequest(this.request)
  }
}

/**
 * Paths that need `sudo` besides the operation's capability, as listed in the vault CLI's
 * client (a fixed list: it is wrong for engines mounted elsewhere, as it is in vault).
 */
const SUDO_PATHS: readonly RegExp[] = [
  /^auth\/token\/accessors\/?$/,
  /^pki\/root$/,
  /^pki\/root\/sign-self-issued$/,
  /^sys\/audit$/,
  /^sys\/audit\/.+$/,
  /^sys\/auth\/.+$/,
  /^sys\/config\/auditing\/request-headers(\/.+)?$/,
  /^sys\/config\/cors$/,
  /^sys\/config\/ui\/headers(\/?|\/.+)$/,
  /^sys\/leases$/,
  /^sys\/leases\/lookup(\/?|\/.+)$/,
  /^sys\/leases\/revoke-force\/.+$/,
  /^sys\/leases\/revoke-prefix\/.+$/,
  /^sys\/plugins\/catalog\/([\w-]+\/)?[^/]+$/,
  /^sys\/raw(\/.+)?$/,
  /^sys\/remount$/,
  /^sys\/revoke-force\/.+$/,
  /^sys\/revoke-prefix\/.+$/,
  /^sys\/rotate(\/keyring|\/root)?$/,
  /^sys\/internal\/inspect\/request$/,
  /^sys\/internal\/inspect\/router\/.+$/,
]

/** Whether vault's CLI adds `sudo` for this path (no leading slash). */
export function isSudoPath(path: string): boolean {
  const bare = path.replace(/^\/+/, '')
  return SUDO_PATHS.some((re) => re.test(bare))
}

function queryValue(query: PolicyRequest['query'], name: string): string | undefined {
  if (query === undefined) return undefined
  if (query instanceof URLSearchParams) return query.get(name) ?? undefined
  return Object.hasOwn(query, name) ? query[name] : undefined
}

/** Go's strconv.ParseBool, which vault uses on `?list=`. */
function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false
  return undefined
}

/**
 * The capabilities vault's CLI names for a request.
 *
 * @example
 * capabilitiesForRequest({ method: 'PUT', path: 'sys/audit/file' }) // ['create', 'update', 'sudo']
 */
export function capabilitiesForRequest(request: PolicyRequest): string[] {
  let operation = request.method.toUpperCase()
  const list = queryValue(request.query, 'list')
  if (list !== undefined) {
    const isList = parseGoBool(list)
    if (isList === undefined) throw new Error(`the value of the list url param is not a bool: strconv.ParseBool: parsing ${JSON.stringify(list)}: invalid syntax`)
    if (isList) operation = 'LIST'
  }
  const capabilities: string[] = []
  switch (operation) {
    case 'GET':
    case '':
      capabilities.push('read')
      break
    case 'POST':
    case 'PUT':
      capabilities.push('create', 'update')
      break
    case 'PATCH':
      capabilities.push('patch')
      break
    case 'DELETE':
      capabilities.push('delete')
      break
    case 'LIST':
      capabilities.push('list')
      break
  }
  if (isSudoPath(request.path)) capabilities.push('sudo')
  return capabilities
}

/**
 * One `path` block in vault's layout (two-space indent, no trailing newline).
 *
 * @example
 * formatPolicy('secret/data/a', ['create', 'update'])
 * // 'path "secret/data/a" {\n  capabilities = ["create", "update"]\n}'
 */
export function formatPolicy(path: string, capabilities: readonly string[]): string {
  const bare = path.replace(/^\/+/, '')
  return `path "${bare}" {\n  capabilities = ["${capabilities.join('", "')}"]\n}`
}

/** The policy a request needs, as `vault <command> -output-policy` prints it. */
export function policyForRequest(request: PolicyRequest): string {
  return formatPolicy(request.path, capabilitiesForRequest(request))
}
