/**
 * The audit trail of one request through `core.handle()`: the core tells it
 * what the request resolved to (mount, token, ACL decision), then asks it to
 * admit the request before any handler runs. Admitting writes the request
 * entry and refuses the request (500) when no enabled device stored it. The
 * response entry follows when the request finished, with the response or the
 * error, and a response no device stored is not served either.
 */
import type { LogicalRequest, Operation } from '../request.js'
import type { MountEntry } from '../mounts.js'
import type { TokenEntry } from '../token-store.js'
import type { AclDecision } from '../policy/index.js'
import type { FieldSpec } from '../../framework/fields.js'
import { VaultError, internalError, multierrorText } from '../errors.js'
import type { AuditDevice } from './device.js'
import { prepareParts, requestEntry, responseEntry } from './format-entry.js'
import type { AuditFacts, Outcome, PreparedParts } from './format-entry.js'
import type { AuditBroker } from './broker.js'

/** What the core knows about a request once token and ACL were checked. */
export interface ResolvedRequest {
  mount: MountEntry | undefined
  /** The caller's valid token (undefined on unauthenticated paths without one). */
  token: TokenEntry | undefined
  operation: Operation
  /** The ACL decision (sudo folded into `allowed`); undefined on unauthenticated paths. */
  decision: AclDecision | undefined
  /** The matched path's fields: those declared sensitive stay hashed whatever the mount says. */
  fields: Readonly<Record<string, FieldSpec>> | undefined
}

/** The response a request could not be served with because no device logged it. */
export function auditRefusal(phase: 'request' | 'response', login: boolean): VaultError {
  // Vault appends "internal error" to the request's multierror; a login or a response failure returns it bare.
  return phase === 'request' && !login ? internalError('internal error') : new VaultError('internal', 'internal error')
}

/** A delivery's outcome: nothing to wait for when it is known already; the refusal when no device stored the entry. */
function settle(logged: boolean | Promise<boolean>, refusal: () => VaultError): Promise<void> | undefined {
  if (logged === true) return undefined
  if (logged === false) throw refusal()
  return logged.then((stored) => {
    if (!stored) throw refusal()
  })
}

function isWrite(operation: Operation): boolean {
  return operation === 'create' || operation === 'update'
}

function keySet(keys: readonly string[] | undefined, sensitive?: Readonly<Record<string, FieldSpec>>): ReadonlySet<string> | undefined {
  if (!keys || keys.length === 0) return undefined
  const set = new Set(keys)
  if (sensitive) for (const [name, spec] of Object.entries(sensitive)) if (spec.sensitive) set.delete(name)
  return set.size > 0 ? set : undefined
}

export class AuditTrail {
  readonly #broker: AuditBroker
  readonly #req: LogicalRequest
  #resolved: ResolvedRequest | undefined
  #facts: AuditFacts | undefined
  #admitted = false
  #refused = false
  /** Per device; created on first use (most requests of an emulator without devices never need it). */
  #parts: Map<AuditDevice, PreparedParts> | undefined

  constructor(broker: AuditBroker, req: LogicalRequest) {
    this.#broker = broker
    this.#req = req
  }

  /** Record what the request resolved to (cheap: the entries are built only if a device is enabled). */
  resolve(resolved: ResolvedRequest): void {
    this.#resolved = resolved
  }

  /**
   * Write the request entry. Throws (or rejects) with a 500 when devices are
   * enabled and none of them stored it; undefined when it is settled already
   * (no device, or one that stores synchronously).
   */
  admit(): Promise<void> | undefined {
    this.#admitted = true
    if (!this.#broker.active) return undefined
    const facts = this.#currentFacts()
    const time = this.#broker.time()
    const logged = this.#broker.deliver('request', (device) => requestEntry(facts, this.#prepared(device, facts), isWrite(facts.operation), undefined, time, device.formatCache))
    return settle(logged, () => {
      this.#refused = true
      return auditRefusal('request', this.#resolved?.decision === undefined)
    })
  }

  /** Write the response entry of a served request; throws (or rejects) with a 500 when no device stored it. */
  succeeded(response: Outcome['response']): Promise<void> | undefined {
    return this.#respond({ response, error: undefined, errorData: undefined })
  }

  /** Write the entries of a failed request: the request entry too when it failed before being admitted. */
  async failed(err: unknown): Promise<void> {
    if (this.#refused || !this.#broker.active) return
    const facts = this.#currentFacts()
    if (!this.#admitted) {
      const time = this.#broker.time()
      const message = err instanceof VaultError ? err.message : 'internal error'
      // A request refused by token or ACL checks is logged with its error; its response entry follows.
      await this.#broker.deliver('request', (device) => requestEntry(facts, this.#prepared(device, facts), isWrite(facts.operation), message, time, device.formatCache))
    }
    await this.#respond(this.#admitted ? handlerOutcome(err) : checkOutcome(err))
  }

  #respond(outcome: Outcome): Promise<void> | undefined {
    if (!this.#broker.active) return undefined
    const facts = this.#currentFacts()
    const routed = this.#admitted || isWrite(facts.operation)
    const time = this.#broker.time()
    const broker = this.#broker
    const issued = (id: string): TokenEntry | undefined => broker.issued(id)
    const logged = broker.deliver('response', (device) =>
      responseEntry(facts, this.#prepared(device, facts), routed, outcome, { options: device.format, hmac: device.hmac, cache: device.formatCache, issued }, time),
    )
    return settle(logged, () => auditRefusal('response', false))
  }

  #prepared(device: AuditDevice, facts: AuditFacts): PreparedParts {
    this.#parts ??= new Map()
    let parts = this.#parts.get(device)
    if (!parts) {
      parts = prepareParts(facts, device.format, device.hmac, device.formatCache)
      this.#parts.set(device, parts)
    }
    return parts
  }

  #currentFacts(): AuditFacts {
    if (this.#facts) return this.#facts
    const req = this.#req
    const resolved = this.#resolved
    const mount = resolved ? resolved.mount : this.#broker.mountFor(req.path)
    const token = resolved?.token
    this.#facts = {
      req,
      operation: resolved?.operation ?? req.operation,
      mount,
      // Not resolved: the token was refused before its policies were looked at; Vault logs an empty auth.
      caller: resolved && {
        token,
        policyResults: this.#broker.strings.policyResults(token, resolved.decision),
        // Vault's client id of a token without an entity: SHA-256 of its sorted policies and namespace.
        clientId: token ? this.#broker.strings.clientId(token) : undefined,
        remainingUses: token && token.num_uses > 0 ? token.num_uses : 0,
        issueTime: token ? this.#broker.strings.issueTime(token) : undefined,
      },
      clearRequestKeys: keySet(mount?.config.audit_non_hmac_request_keys, resolved?.fields),
      clearResponseKeys: keySet(mount?.config.audit_non_hmac_response_keys),
    }
    return this.#facts
  }
}

/** Token or ACL check failed: Vault answers an error response and wraps the error in a multierror. */
function checkOutcome(err: unknown): Outcome {
  if (!(err instanceof VaultError) || err.code === 'internal') return { response: undefined, error: multierrorText(['internal error']), errorData: undefined }
  const shown = err.code === 'permission-denied' ? err.message : 'invalid request'
  return { response: undefined, error: multierrorText([shown]), errorData: err.message }
}

/**
 * The handler (or routing) failed. A 400 is what Vault's backends answer as
 * an error response (`response.data.error`, no top-level error); routing
 * and internal errors come back as errors with no response.
 */
function handlerOutcome(err: unknown): Outcome {
  if (!(err instanceof VaultError)) return { response: undefined, error: multierrorText(['internal error']), errorData: undefined }
  if (err.message === '') return { response: undefined, error: undefined, errorData: undefined }
  if (err.code === 'invalid-request' && !err.multierror) return { response: undefined, error: undefined, errorData: err.message }
  return { response: undefined, error: err.multierror ? multierrorText([err.message]) : err.message, errorData: undefined }
}
