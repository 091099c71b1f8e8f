/** `auto_auth` methods: each turns files on disk into a Vault token. */
import { readFile, rm } from 'node:fs/promises'
import type { AutoAuthMethod } from './config-types.js'
import type { VaultHttp } from './vault-http.js'

export interface AgentToken {
  id: string
  /** Seconds; 0 for a token that never expires. */
  ttl: number
  renewable: boolean
}

export class AutoAuthError extends Error {
  override name = 'AutoAuthError'
}

async function readSecretFile(path: string, what: string): Promise<string> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new AutoAuthError(`cannot read the ${what} file ${path} (${(err as { code?: string }).code ?? String(err)})`)
  }
  const value = text.trim()
  if (!value) throw new AutoAuthError(`the ${what} file ${path} is empty`)
  return value
}

function tokenFromLogin(json: Record<string, unknown>): AgentToken {
  const auth = json['auth'] as { client_token?: unknown; lease_duration?: unknown; renewable?: unknown } | null | undefined
  if (!auth || typeof auth.client_token !== 'string') throw new AutoAuthError('the login answer holds no token')
  return { id: auth.client_token, ttl: Number(auth.lease_duration ?? 0), renewable: auth.renewable === true }
}

/**
 * Logs in with one `auto_auth` method. The AppRole secret ID is kept in memory
 * after its file is removed (`remove_secret_id_file_after_reading`), so a later
 * re-login still works, as with Vault Agent.
 */
export class AutoAuth {
  #cachedSecretId: string | undefined

  constructor(
    readonly method: AutoAuthMethod,
    readonly http: VaultHttp,
  ) {}

  async login(): Promise<AgentToken> {
    const m = this.method
    switch (m.type) {
      case 'approle': {
        const body: Record<string, string> = { role_id: await readSecretFile(m.roleIdFilePath, 'role ID') }
        if (m.secretIdFilePath) {
          const secretId = this.#cachedSecretId ?? (await readSecretFile(m.secretIdFilePath, 'secret ID'))
          body['secret_id'] = secretId
          if (m.removeSecretIdFileAfterReading && this.#cachedSecretId === undefined) await rm(m.secretIdFilePath, { force: true })
          this.#cachedSecretId = secretId
        }
        return tokenFromLogin((await this.http.request('POST', `${m.mountPath}/login`, { body })).json)
      }
      case 'kubernetes': {
        const jwt = await readSecretFile(m.tokenPath, 'service-account token')
        return tokenFromLogin((await this.http.request('POST', `${m.mountPath}/login`, { body: { role: m.role, jwt } })).json)
      }
      case 'token_file': {
        const id = await readSecretFile(m.tokenFilePath, 'token')
        const data = (await this.http.request('GET', 'auth/token/lookup-self', { token: id })).json['data'] as { ttl?: unknown; renewable?: unknown } | undefined
        return { id, ttl: Number(data?.ttl ?? 0), renewable: data?.renewable === true }
      }
    }
  }
}
