/**
 * A small application module, as an app would write it: it reads dynamic
 * PostgreSQL credentials from Vault with node-vault (`database/creds/<role>`),
 * queries with them, and renews their lease. Nothing here knows about the
 * emulator: the tests point it at one.
 *
 * Each query opens its own connection, so a credential that was revoked is
 * noticed at once (PostgreSQL checks a role only at login).
 */
import nodeVault from 'node-vault'
import pg from 'pg'

export interface UserStoreConfig {
  vaultAddr: string
  vaultToken: string
  /** The database secrets engine role, e.g. `readonly`. */
  role: string
  db: { host: string; port: number; database: string }
}

interface CredsReply {
  lease_id: string
  lease_duration: number
  data: { username: string; password: string }
}

interface RenewReply {
  lease_duration: number
}

export class UserStore {
  private constructor(
    private readonly vault: nodeVault.client,
    private readonly config: UserStoreConfig,
    private creds: CredsReply,
  ) {}

  /** Read credentials for `config.role` from Vault. */
  static async open(config: UserStoreConfig): Promise<UserStore> {
    const vault = nodeVault({ endpoint: config.vaultAddr, token: config.vaultToken, apiVersion: 'v1', noCustomHTTPVerbs: true })
    const creds = (await vault.read(`database/creds/${config.role}`)) as CredsReply
    return new UserStore(vault, config, creds)
  }

  get username(): string {
    return this.creds.data.username
  }

  get leaseId(): string {
    return this.creds.lease_id
  }

  async countUsers(): Promise<number> {
    const rows = await this.query<{ n: string }>('SELECT count(*) AS n FROM users')
    return Number(rows[0]?.n ?? 0)
  }

  async addUser(name: string): Promise<void> {
    await this.query('INSERT INTO users (name) VALUES ($1)', [name])
  }

  /** Renew the credentials' lease; resolves to the new TTL in seconds. */
  async renew(increment = '1h'): Promise<number> {
    const reply = (await this.vault.write('sys/leases/renew', { lease_id: this.creds.lease_id, increment })) as RenewReply
    return reply.lease_duration
  }

  private async query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const { host, port, database } = this.config.db
    const client = new pg.Client({ host, port, database, user: this.creds.data.username, password: this.creds.data.password })
    await client.connect()
    try {
      return (await client.query<T>(sql, params)).rows
    } finally {
      await client.end()
    }
  }
}
