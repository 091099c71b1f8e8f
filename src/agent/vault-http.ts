/** The few Vault HTTP calls the agent makes, over `fetch`: JSON in, JSON out, Vault's error list on failure. */

export class VaultRequestError extends Error {
  override name = 'VaultRequestError'
  constructor(
    readonly status: number,
    readonly path: string,
    readonly errors: string[],
  ) {
    // Vault's error strings never carry the token or a secret value.
    super(`${path.replace(/\?.*$/, '')}: ${status === 0 ? 'no answer' : `HTTP ${status}`}${errors.length > 0 ? `: ${errors.join('; ')}` : ''}`)
  }
}

export interface VaultReply {
  status: number
  json: Record<string, unknown>
}

export class VaultHttp {
  constructor(readonly address: string) {}

  /**
   * `path` is relative to `/v1/` unless it starts with `/`. Resolves for any
   * 2xx; throws {@link VaultRequestError} otherwise (status 0: unreachable).
   */
  async request(method: string, path: string, options: { token?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<VaultReply> {
    const url = `${this.address.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/v1/${path}`}`
    const headers: Record<string, string> = { 'X-Vault-Request': 'true' }
    if (options.token) headers['X-Vault-Token'] = options.token
    if (options.body !== undefined) headers['Content-Type'] = 'application/json'
    let res: Response
    try {
      res = await fetch(url, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}), ...(options.signal ? { signal: options.signal } : {}) })
    } catch (err) {
      if (options.signal?.aborted) throw err
      const cause = (err as { cause?: { code?: string } }).cause?.code
      throw new VaultRequestError(0, path, [`cannot reach ${this.address}${cause ? ` (${cause})` : ''}`])
    }
    const text = await res.text()
    let json: Record<string, unknown> = {}
    try {
      const parsed: unknown = text ? JSON.parse(text) : {}
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>
    } catch {
      // Not JSON (a proxy's page, Vault's UI): the status says enough.
    }
    if (res.status < 200 || res.status >= 300) {
      const errors = Array.isArray(json['errors']) ? json['errors'].map(String) : []
      throw new VaultRequestError(res.status, path, errors)
    }
    return { status: res.status, json }
  }
}
