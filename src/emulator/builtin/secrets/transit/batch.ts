/**
 * `batch_input` handling shared by the transit paths: decoding the items as
 * Vault's mapstructure does, and the status of a batch with failures
 * (`batchRequestResponse`): 400 if any item had a user error, else 500 if one
 * failed internally, else 200; `partial_failure_response_code` replaces that
 * code when at least one item succeeded. The body is the full envelope either way.
 */
import { internalError, invalidRequest } from '../../../core/errors.js'
import type { LogicalResponse } from '../../../core/request.js'

export type BatchItem = Record<string, unknown>

/** The decoded items, or undefined when the request had no `batch_input`. */
export function batchItems(raw: Record<string, unknown>): BatchItem[] | undefined {
  const input = raw['batch_input']
  if (input === undefined || input === null) return undefined
  if (!Array.isArray(input) || input.some((item) => item === null || typeof item !== 'object' || Array.isArray(item))) {
    throw internalError(`failed to parse batch input: 'batch_input' expected a slice of maps, got ${Array.isArray(input) ? 'a slice of other values' : typeof input}`)
  }
  if (input.length === 0) throw invalidRequest('missing batch input to process')
  return input as BatchItem[]
}

/** A string member of an item ('' when absent); numbers and booleans as text, like mapstructure's weak decoding. */
export function itemString(item: BatchItem, name: string): string {
  const value = item[name]
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw internalError(`failed to parse batch input: '${name}' expected type 'string', got unconvertible type '${Array.isArray(value) ? '[]interface {}' : 'map[string]interface {}'}'`)
}

export function itemInt(item: BatchItem, name: string): number {
  const value = item[name]
  if (value === undefined || value === null || value === '') return 0
  if (typeof value === 'number' && Number.isInteger(value)) return value
  if (typeof value === 'string' && /^[-+]?\d+$/.test(value.trim())) return Number.parseInt(value, 10)
  throw internalError(`failed to parse batch input: cannot parse '${name}' as int: ${JSON.stringify(value)}`)
}

export interface BatchOutcome {
  successes: boolean
  userErrors: boolean
  internalErrors: boolean
}

/** Vault's status for a batch reply; `partialCode` is `partial_failure_response_code` when sent. */
export function batchResponse(response: LogicalResponse, outcome: BatchOutcome, partialCode: number | undefined): LogicalResponse {
  if (!outcome.userErrors && !outcome.internalErrors) return response
  let status = outcome.userErrors ? 400 : 500
  if (partialCode !== undefined && outcome.successes) {
    if (partialCode < 1 || partialCode > 599) {
      response = {
        ...response,
        warnings: [...(response.warnings ?? []), `invalid HTTP response code override from partial_failure_response_code, reverting to ${status}`],
      }
    } else {
      status = partialCode
    }
  }
  return { ...response, status }
}
