/**
 * The `postgresql-database-plugin`: one connection pool per configured
 * connection, and the user operations Vault's plugin performs on it (create,
 * renew, revoke, change password), with its statements, defaults, error texts
 * and its lock that runs one operation at a time. Every error it throws has
 * the passwords it knows scrubbed out.
 */
import pg from 'pg'
import type { PoolClient } from 'pg'
import { decodeSettings } from './plugin-settings.js'
import type { PostgresSettings } from './plugin-settings.js'
import { renderConnectionUrl, resolveConnection } from './connection-url.js'
import type { ResolvedConnection } from './connection-url.js'
import { connectErrorText, isPgServerError, pgErrorText } from './pg-error-text.js'
import { revocationHint } from './revocation-hint.js'
import { RevocationRefused, revokeWithDefaults } from './default-revocation.js'
import { queriesOf, parseStatement, renderQuery } from './statements.js'
import { scrubSecrets } from './scrub.js'
import { scramSha256Verifier } from './scram.js'
import { SerialQueue } from './serial-queue.js'
import { EXPIRATION_LAYOUT, formatGoTime } from './go-time-format.js'
import type { UsernameMetadata } from './username-template.js'

export const DEFAULT_RENEW_STATEMENT = `ALTER ROLE "{{name}}" VALID UNTIL '{{expiration}}';`
export const DEFAULT_CHANGE_PASSWORD_STATEMENT = `ALTER ROLE "{{username}}" WITH PASSWORD '{{password}}';`
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000

/** An error from the plugin; its message is safe to show (passwords scrubbed). */
export class PluginError extends Error {
  override name = 'PluginError'
}

export interface NewUserRequest {
  metadata: UsernameMetadata
  statements: readonly string[]
  password: string
  expirationMs: number
  nowMs: number
}

export class PostgresDatabase {
  readonly #settings: PostgresSettings
  readonly #connection: ResolvedConnection
  readonly #pool: pg.Pool
  readonly #lock = new SerialQueue()
  #closed = false
  /** An injected fault (`vault.faults.databaseDown()`): sessions fail as if the host refused them. */
  readonly #unreachable: () => boolean

  private constructor(settings: PostgresSettings, connection: ResolvedConnection, unreachable: () => boolean) {
    this.#settings = settings
    this.#connection = connection
    this.#unreachable = unreachable
    this.#pool = new pg.Pool({
      connectionTimeoutMillis: DEFAULT_CONNECT_TIMEOUT_MS,
      application_name: 'vault',
      ...connection.config,
      options: '-c TimeZone=UTC',
      max: settings.maxOpenConnections,
      idleTimeoutMillis: 30_000,
      ...(settings.maxConnectionLifetimeSeconds > 0 ? { maxLifetimeSeconds: settings.maxConnectionLifetimeSeconds } : {}),
      allowExitOnIdle: true,
    })
    // An idle connection the server drops must not crash the process.
    this.#pool.on('error', () => undefined)
  }

  /** Vault's `Initialize`: validate the details, build the pool, optionally connect once. */
  static async initialize(
    details: Record<string, unknown>,
    options: { verify: boolean; nowMs: number; unreachable?: () => boolean },
  ): Promise<PostgresDatabase> {
    const password = typeof details['password'] === 'string' ? details['password'] : ''
    let db: PostgresDatabase
    try {
      const settings = decodeSettings(details, options.nowMs)
      const rendered = renderConnectionUrl(settings.connectionUrl, settings.username, settings.password, settings.disableEscaping)
      db = new PostgresDatabase(settings, resolveConnection(rendered), options.unreachable ?? (() => false))
    } catch (err) {
      throw new PluginError(scrubSecrets(err instanceof Error ? err.message : String(err), [password]))
    }
    if (options.verify) {
      try {
        await db.ping()
      } catch (err) {
        await db.close()
        throw new PluginError(`error verifying connection: ${err instanceof Error ? err.message : String(err)}`)
      }
    }
    return db
  }

  /** Open a session and run `SELECT 1`. */
  async ping(): Promise<void> {
    const client = await this.#connect()
    try {
      await client.query('SELECT 1')
    } catch (err) {
      client.release(true)
      throw this.#error(pgErrorText(err))
    }
    client.release()
  }

  /** Create a dynamic user in one transaction; returns its name. */
  newUser(req: NewUserRequest): Promise<string> {
    if (req.statements.length === 0) return Promise.reject(new PluginError('empty creation statements'))
    return this.#lock.run(async () => {
      let username: string
      try {
        username = this.#settings.usernameTemplate.render(req.metadata, req.nowMs)
      } catch (err) {
        throw this.#error(err instanceof Error ? err.message : String(err))
      }
      const params = {
        name: username,
        username,
        password: this.#passwordParam(req.password),
        expiration: formatGoTime(req.expirationMs, EXPIRATION_LAYOUT),
      }
      const queries = queriesOf(req.statements, { keepBlocks: true })
      await this.#transaction(queries.map((q) => renderQuery(q, params)), {
        beginPrefix: 'unable to start transaction: ',
        queryPrefix: 'failed to execute query: ',
        secrets: [req.password],
      })
      return username
    })
  }

  /** Push a user's `VALID UNTIL` out (`renew_statements`, or the default). */
  renewUser(username: string, statements: readonly string[], expirationMs: number): Promise<void> {
    return this.#lock.run(async () => {
      const source = statements.length > 0 ? statements : [DEFAULT_RENEW_STATEMENT]
      const params = { name: username, username, expiration: formatGoTime(expirationMs, EXPIRATION_LAYOUT) }
      const queries = source.flatMap(parseStatement).map((q) => renderQuery(q, params))
      await this.#transaction(queries, { beginPrefix: '', queryPrefix: '', secrets: [] })
    })
  }

  /** Set a user's password (root rotation, static roles). */
  changePassword(username: string, statements: readonly string[], password: string): Promise<void> {
    if (password === '') return Promise.reject(new PluginError('missing password'))
    return this.#lock.run(async () => {
      const source = statements.length > 0 ? statements : [DEFAULT_CHANGE_PASSWORD_STATEMENT]
      const params = { name: username, username, password: this.#passwordParam(password) }
      const queries = source.flatMap(parseStatement).map((q) => renderQuery(q, params))
      await this.#transaction(queries, { beginPrefix: 'unable to start transaction: ', queryPrefix: 'failed to execute query: ', secrets: [password] })
    })
  }

  /** Drop a user: the role's `revocation_statements`, or Vault's built-in revocation. */
  deleteUser(username: string, statements: readonly string[]): Promise<void> {
    return this.#lock.run(() => (statements.length === 0 ? this.#defaultDeleteUser(username) : this.#customDeleteUser(username, statements)))
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#pool.end().catch(() => undefined)
  }

  async #customDeleteUser(username: string, statements: readonly string[]): Promise<void> {
    const params = { name: username, username }
    const queries = queriesOf(statements, { keepBlocks: true }).map((q) => renderQuery(q, params))
    await this.#transaction(queries, { beginPrefix: '', queryPrefix: '', secrets: [], hintFor: username })
  }

  async #defaultDeleteUser(username: string): Promise<void> {
    const client = await this.#connect()
    let broken = false
    try {
      await revokeWithDefaults(client, username)
    } catch (err) {
      // Server errors leave the session usable; a socket failure does not.
      broken = !(err instanceof RevocationRefused || isPgServerError(err))
      throw this.#error(err instanceof RevocationRefused ? err.message : pgErrorText(err))
    } finally {
      client.release(broken)
    }
  }

  async #transaction(
    queries: readonly string[],
    wording: { beginPrefix: string; queryPrefix: string; secrets: readonly string[]; hintFor?: string },
  ): Promise<void> {
    let client: PoolClient
    try {
      client = await this.#connect()
    } catch (err) {
      throw this.#error(`${wording.beginPrefix}${err instanceof Error ? err.message : String(err)}`, wording.secrets)
    }
    let broken = false
    try {
      // One round trip for the whole transaction: PostgreSQL parses every statement before running
      // any and stops at the first failure, so the outcome is that of one query at a time, and a
      // busy laptop does not pay a scheduling delay per statement. Newlines keep a trailing
      // `-- comment` from swallowing the separator.
      await client.query(['BEGIN', ...queries, 'COMMIT'].join('\n;\n'))
    } catch (err) {
      // A session that cannot even roll back is dropped rather than reused.
      await client.query('ROLLBACK').catch(() => {
        broken = true
      })
      const hint = wording.hintFor === undefined ? '' : revocationHint(err, wording.hintFor)
      throw this.#error(`${wording.queryPrefix}${pgErrorText(err)}${hint}`, wording.secrets)
    } finally {
      client.release(broken)
    }
  }

  async #connect(): Promise<PoolClient> {
    if (this.#closed) throw this.#error('sql: database is closed')
    if (this.#unreachable()) {
      throw this.#error(connectErrorText(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), this.#connection.target))
    }
    try {
      return await this.#pool.connect()
    } catch (err) {
      throw this.#error(connectErrorText(err, this.#connection.target))
    }
  }

  #passwordParam(password: string): string {
    return this.#settings.passwordAuthentication === 'scram-sha-256' ? scramSha256Verifier(password) : password
  }

  #error(message: string, extraSecrets: readonly string[] = []): PluginError {
    return new PluginError(scrubSecrets(message, [this.#settings.password, ...extraSecrets]))
  }
}
