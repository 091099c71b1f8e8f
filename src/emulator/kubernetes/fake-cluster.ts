/**
 * A fake Kubernetes cluster, just enough of one for Vault's kubernetes auth
 * method: namespaces, service accounts, the tokens the API server signs for
 * them, and the authenticator behind the TokenReview API. Time is the
 * emulator's virtual clock, so tokens expire when the clock is advanced.
 *
 * @example
 * const cluster = new FakeKubernetesCluster(clock)
 * const jwt = cluster.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
 * await cluster.authenticate(jwt) // { authenticated: true, user: { username: 'system:serviceaccount:production:myapp-sa', ... } }
 * cluster.deleteServiceAccount('production', 'myapp-sa')
 * await cluster.authenticate(jwt) // { authenticated: false, error: '[invalid bearer token, serviceaccounts "myapp-sa" not found]' }
 */
import type { JWTPayload } from 'jose'
import type { Clock } from '../core/clock.js'
import { parseDurationSeconds } from '../core/duration.js'
import { uuid } from '../core/ids.js'
import { generateSigningKey, signServiceAccountJwt } from './service-account-jwt.js'
import type { KubernetesClaim, SigningKey } from './service-account-jwt.js'

/** What `vault.kubernetes.serviceAccountToken()` takes. */
export interface ServiceAccountTokenOptions {
  namespace: string
  serviceAccount: string
  /** The token's `aud`; default: the API server's own audience (the issuer), like a pod's default token. */
  audiences?: string[]
  /** Lifetime in seconds or as a duration (`'10m'`); default 1h. */
  ttl?: number | string
  /** Bind the token to a pod of this name (adds `kubernetes.io.pod`). */
  pod?: string
}

/** The user a valid token authenticates as (TokenReview `status.user`). */
export interface KubernetesUser {
  username: string
  uid: string
  groups: string[]
  extra?: Record<string, string[]>
}

export type Authentication =
  | { authenticated: true; user: KubernetesUser; audiences: string[] }
  | { authenticated: false; error?: string }

export interface NamespaceInfo {
  name: string
  uid: string
  labels: Record<string, string>
}

/** The issuer and API audience of a default kubeadm/kind cluster. */
export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local'
const DEFAULT_TTL_SECONDS = 3600
/** go-jose's default leeway, which the API server's token validation uses. */
const LEEWAY_SECONDS = 60
const BUILTIN_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system']

/** What `vault.snapshot()` keeps of the cluster: its service accounts and namespaces (the signing key stays). */
export interface ClusterState {
  readonly serviceAccounts: ReadonlyArray<readonly [string, string]>
  readonly namespaces: readonly NamespaceInfo[]
}

export class FakeKubernetesCluster {
  readonly issuer: string
  /** Audiences a token must carry to authenticate to the API server itself. */
  readonly apiAudiences: readonly string[]
  #key: SigningKey | undefined
  readonly #serviceAccounts = new Map<string, string>()
  readonly #namespaces = new Map<string, NamespaceInfo>()

  constructor(
    private readonly clock: Clock,
    options: { issuer?: string } = {},
  ) {
    this.issuer = options.issuer ?? DEFAULT_ISSUER
    this.apiAudiences = [this.issuer]
    for (const name of BUILTIN_NAMESPACES) this.#ensureNamespace(name)
  }

  /** The token signing key, created on first use (RSA key generation takes a moment). */
  get signingKey(): SigningKey {
    this.#key ??= generateSigningKey()
    return this.#key
  }

  /**
   * A service-account token as the TokenRequest API (or a projected volume)
   * hands out. The service account is created if it does not exist yet.
   */
  serviceAccountToken(options: ServiceAccountTokenOptions): string {
    const { namespace, serviceAccount: name } = options
    if (!namespace || !name) throw new Error('[vault-emu] serviceAccountToken needs a namespace and a serviceAccount')
    const uid = this.#serviceAccounts.get(`${namespace}/${name}`) ?? this.createServiceAccount(namespace, name)
    const ttl = options.ttl === undefined ? DEFAULT_TTL_SECONDS : parseDurationSeconds(options.ttl)
    if (ttl <= 0) throw new Error('[vault-emu] serviceAccountToken ttl must be positive')
    const iat = this.clock.unix()
    const claim: KubernetesClaim = {
      namespace,
      ...(options.pod === undefined ? {} : { pod: { name: options.pod, uid: uuid() } }),
      serviceaccount: { name, uid },
    }
    return signServiceAccountJwt(this.signingKey, {
      aud: options.audiences ?? [...this.apiAudiences],
      exp: iat + ttl,
      iat,
      iss: this.issuer,
      jti: uuid(),
      'kubernetes.io': claim,
      nbf: iat,
      sub: `system:serviceaccount:${namespace}:${name}`,
    })
  }

  /** Create (or re-create, with a new UID) a service account; returns its UID. */
  createServiceAccount(namespace: string, name: string): string {
    this.#ensureNamespace(namespace)
    const uid = uuid()
    this.#serviceAccounts.set(`${namespace}/${name}`, uid)
    return uid
  }

  /** Delete a service account: its tokens stop authenticating. */
  deleteServiceAccount(namespace: string, name: string): boolean {
    return this.#serviceAccounts.delete(`${namespace}/${name}`)
  }

  /** Set a namespace's labels (for `bound_service_account_namespace_selector`). */
  labelNamespace(namespace: string, labels: Record<string, string>): void {
    const ns = this.#ensureNamespace(namespace)
    ns.labels = { ...labels, 'kubernetes.io/metadata.name': namespace }
  }

  /** A copy of the service accounts (with their UIDs) and namespaces (with their labels). */
  exportState(): ClusterState {
    return {
      serviceAccounts: [...this.#serviceAccounts],
      namespaces: [...this.#namespaces.values()].map((ns) => ({ ...ns, labels: { ...ns.labels } })),
    }
  }

  /** Put back what {@link exportState} copied: accounts made since are gone, deleted ones return with their UIDs. */
  importState(state: ClusterState): void {
    this.#serviceAccounts.clear()
    for (const [key, uid] of state.serviceAccounts) this.#serviceAccounts.set(key, uid)
    this.#namespaces.clear()
    for (const ns of state.namespaces) this.#namespaces.set(ns.name, { ...ns, labels: { ...ns.labels } })
  }

  namespace(name: string): NamespaceInfo | undefined {
    return this.#namespaces.get(name)
  }

  /**
   * Authenticate a bearer token as the API server does for service-account
   * tokens: signature, issuer, time (with go-jose's leeway), audiences, and
   * whether the service account still exists with the same UID.
   *
   * @param requestedAudiences TokenReview `spec.audiences`; empty means the API server's own.
   */
  async authenticate(token: string, requestedAudiences: readonly string[] = []): Promise<Authentication> {
    // Loaded at the first review rather than at start-up: most emulators never see one.
    const { decodeJwt, errors, jwtVerify } = await import('jose')
    let unverified: JWTPayload
    try {
      unverified = decodeJwt(token)
    } catch {
      return { authenticated: false }
    }
    // Tokens of another issuer are someone else's to judge: not authenticated, no error.
    if (unverified.iss !== this.issuer) return { authenticated: false }

    let payload: JWTPayload
    try {
      ;({ payload } = await jwtVerify(token, this.signingKey.publicKey, {
        algorithms: ['RS256'],
        currentDate: new Date(this.clock.now()),
        clockTolerance: LEEWAY_SECONDS,
      }))
    } catch (err) {
      if (err instanceof errors.JWTExpired) return fail('service account token has expired')
      if (err instanceof errors.JWTClaimValidationFailed) return fail(`service account token claims could not be validated: ${err.message}`)
      return fail('square/go-jose: error in cryptographic primitive')
    }

    const tokenAudiences = audiencesOf(payload.aud, this.apiAudiences)
    const wanted = requestedAudiences.length > 0 ? requestedAudiences : this.apiAudiences
    const audiences = tokenAudiences.filter((a) => wanted.includes(a))
    if (audiences.length === 0) {
      return fail(`token audiences ${goQuoteList(tokenAudiences)} is invalid for the target audiences ${goQuoteList(wanted)}`)
    }

    const claim = kubernetesClaim(payload)
    if (!claim) return fail('service account token claims could not be validated: kubernetes.io claim missing')
    const { namespace, serviceaccount } = claim
    const currentUid = this.#serviceAccounts.get(`${namespace}/${serviceaccount.name}`)
    if (currentUid === undefined) return fail(`serviceaccounts ${JSON.stringify(serviceaccount.name)} not found`)
    if (currentUid !== serviceaccount.uid) {
      return fail(`service account UID (${currentUid}) does not match claim (${serviceaccount.uid})`)
    }

    const extra: Record<string, string[]> = { 'authentication.kubernetes.io/credential-id': [`JTI=${String(payload.jti ?? '')}`] }
    if (claim.pod) {
      extra['authentication.kubernetes.io/pod-name'] = [claim.pod.name]
      extra['authentication.kubernetes.io/pod-uid'] = [claim.pod.uid]
    }
    return {
      authenticated: true,
      audiences,
      user: {
        username: `system:serviceaccount:${namespace}:${serviceaccount.name}`,
        uid: currentUid,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
        extra,
      },
    }
  }

  #ensureNamespace(name: string): NamespaceInfo {
    let ns = this.#namespaces.get(name)
    if (!ns) {
      ns = { name, uid: uuid(), labels: { 'kubernetes.io/metadata.name': name } }
      this.#namespaces.set(name, ns)
    }
    return ns
  }
}

/** The union authenticator's aggregate error text. */
function fail(detail: string): Authentication {
  return { authenticated: false, error: `[invalid bearer token, ${detail}]` }
}

function audiencesOf(aud: JWTPayload['aud'], implicit: readonly string[]): string[] {
  if (aud === undefined || aud.length === 0) return [...implicit]
  return typeof aud === 'string' ? [aud] : aud
}

/** Go's `%q` of a string slice: `["a" "b"]`. */
function goQuoteList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`
}

function kubernetesClaim(payload: JWTPayload): KubernetesClaim | undefined {
  const raw = payload['kubernetes.io']
  if (!raw || typeof raw !== 'object') return undefined
  const claim = raw as Partial<KubernetesClaim>
  const sa = claim.serviceaccount
  if (typeof claim.namespace !== 'string' || !sa || typeof sa.name !== 'string' || typeof sa.uid !== 'string') return undefined
  return claim as KubernetesClaim
}
