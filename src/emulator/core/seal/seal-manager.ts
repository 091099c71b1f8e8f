/**
 * The seal: whether the core is initialised and unsealed, the transitions
 * (init, unseal with key shares, seal, snapshot restore), and where the
 * encrypted state lives — in memory while sealed, in the state file when
 * there is one.
 *
 * Unsealing combines the shares into the root key, opens the keyring with it
 * (an AES-GCM authentication failure means wrong shares: 400, the round is
 * reset, nothing changes), decrypts the state and rebuilds the core from it.
 * Sealing encrypts the state, forgets the keys and empties memory, so lease
 * timers stop; those that fell due meanwhile run right after the next unseal.
 */
import type { Core, SealStatus } from '../core.js'
import type { Mounted } from '../mounts.js'
import { invalidRequest, sealedError } from '../errors.js'
import { randomBytes } from 'node:crypto'
import { newRootTokenId } from '../token-id.js'
import { StatePersister } from '../persist/state-persister.js'
import { decrypt, encrypt } from './aes-gcm.js'
import { Barrier } from './barrier.js'
import { KeyShareRound } from './key-share-round.js'
import { RootGeneration } from './root-generation.js'
import { ShareAttempt } from './share-attempt.js'
import { createRootToken } from './root-token.js'
import { validateSealConfig } from './seal-config.js'
import type { SealConfig } from './seal-config.js'
import { sealedRoute } from './sealed-routes.js'
import { combineKey, splitKey } from './shamir.js'
import { STATE_FORMAT, StateFormatError, decodeContainer, decodeEntries, encodeContainer, encodeEntries } from './state-container.js'
import type { StateContainer, StateHeader } from './state-container.js'
import { keyLengthProblem } from './unseal-key.js'

export type SealMode = 'dev' | 'shamir'

export interface SealOptions {
  /** `dev` (default): initialised and unsealed, one key. `shamir`: starts uninitialised. */
  mode?: SealMode
  /** Keep the state in this file, encrypted, across restarts. */
  stateFile?: string
}

export interface InitRequest {
  shares: number
  threshold: number
  pgpKeys: string[]
  rootTokenPgpKey: string
}

export interface InitResult {
  keys: string[]
  keys_base64: string[]
  root_token: string
}

/** Vault ≥ 1.13's answer (400) when the combined key does not open the keyring. */
export const WRONG_KEYS_MESSAGE = 'unable to retrieve stored keys: invalid key: failed to decrypt keys from storage: cipher: message authentication failed'

export class SealManager {
  readonly mode: SealMode
  readonly rootGeneration = new RootGeneration()
  /** A `sys/rekey` attempt: the new shares/threshold, and the old key's shares collected so far. */
  readonly rekeying = new ShareAttempt<SealConfig>({ operation: 'rekey', alreadyStarted: 'rekey already in progress', notStarted: 'no barrier rekey in progress' })
  readonly #core: Core
  readonly #barrier = new Barrier()
  readonly #round = new KeyShareRound()
  readonly #persister: StatePersister | undefined
  readonly #sealedSystem: { mount?: Mounted } = {}
  #config: SealConfig | undefined
  #encryptedKeyring: Buffer | undefined
  /** The state, encrypted under the keyring, while sealed. */
  #sealedState: Uint8Array | undefined
  /** Transitions run one at a time. */
  #queue: Promise<unknown> = Promise.resolve()

  constructor(core: Core, options: SealOptions = {}) {
    this.#core = core
    this.mode = options.mode ?? 'dev'
    this.#persister = options.stateFile === undefined ? undefined : new StatePersister(options.stateFile, core.storage, () => this.#fileBytes(), core.log)
  }

  get initialized(): boolean {
    return this.#config !== undefined
  }

  get sealed(): boolean {
    return !this.#barrier.unlocked
  }

  get stateFile(): string | undefined {
    return this.#persister?.path
  }

  get threshold(): number {
    return this.#config?.secret_threshold ?? 0
  }

  status(): SealStatus {
    const pending = this.sealed && this.initialized
    return {
      initialized: this.initialized,
      sealed: this.sealed,
      threshold: this.#config?.secret_threshold ?? 0,
      shares: this.#config?.secret_shares ?? 0,
      progress: pending ? this.#round.progress : 0,
      nonce: pending ? this.#round.nonce : '',
    }
  }

  /** Dev mode's unseal key (base64), as `vault server -dev` prints it; undefined otherwise or while sealed. */
  get devUnsealKey(): string | undefined {
    return this.mode === 'dev' && !this.sealed ? this.#barrier.rootKey.toString('base64') : undefined
  }

  /** The route for a request while sealed (throws 503 for paths that need the barrier open). */
  routeWhileSealed(path: string): Mounted {
    return sealedRoute(this.#core, path, this.#sealedSystem)
  }

  /** Bracket a request so that what it changed is on disk before its response leaves. */
  beginRequest(): () => void {
    return this.#persister?.begin() ?? noop
  }

  /** Write pending changes to the state file now. */
  flushState(): void {
    this.#persister?.flush()
  }

  /** Start-up: load the state file (dev mode unseals it), or create a dev core, or stay uninitialised. */
  async start(): Promise<void> {
    const bytes = this.#persister?.read()
    if (bytes) {
      const container = this.#decodeFile(bytes)
      this.#adopt(container)
      await this.#resumeClock(container.header.saved_at)
      const devKey = container.header.dev_root_key
      if (this.mode === 'dev' && devKey !== undefined) {
        try {
          await this.#open(Buffer.from(devKey, 'base64'))
        } catch (err) {
          throw new StateFormatError(`[vault-emu] cannot unseal state file ${this.stateFile} with its dev key: ${err instanceof Error ? err.message : String(err)}`)
        }
      }
      return
    }
    if (this.mode === 'shamir') return
    const keys = Barrier.generate()
    this.#config = { type: 'shamir', secret_shares: 1, secret_threshold: 1 }
    this.#encryptedKeyring = keys.encryptedKeyring
    this.#barrier.unlock(keys.rootKey, keys.keyring)
    this.#core.bootstrapDev()
    this.#persister?.write()
  }

  /** `sys/init`: a new root key split into shares; the core stays sealed. */
  initialize(request: InitRequest): Promise<InitResult> {
    return this.#exclusive(() => this.#initialize(request))
  }

  /** One unseal key share (raw bytes). Resolves once recorded, or once unsealed. */
  unseal(key: Uint8Array): Promise<void> {
    return this.#exclusive(() => this.#unseal(key))
  }

  /** `sys/unseal` with `reset`: forget the shares given so far. */
  resetUnseal(): void {
    this.#round.reset()
  }

  seal(): Promise<void> {
    return this.#exclusive(() => this.#seal())
  }

  /**
   * `sys/rekey`: given the current root key (combined from a quorum of its
   * shares), make a new root key, wrap the keyring under it, and split it
   * into `config`'s shares. The old shares stop working; storage is untouched.
   */
  rekey(currentRootKey: Uint8Array, config: SealConfig): Promise<Uint8Array[]> {
    return this.#exclusive(() => this.#rekey(currentRootKey, config))
  }

  /** Whether `rootKey` opens the keyring (root token generation checks the shares with it). */
  verifyRootKey(rootKey: Uint8Array): boolean {
    if (!this.#encryptedKeyring) return false
    try {
      Barrier.openKeyring(rootKey, this.#encryptedKeyring).fill(0)
      return true
    } catch {
      return false
    }
  }

  /** Combine shares as unseal does: one share is the key itself. Throws Vault's `invalid key` 400s. */
  async combineShares(parts: Uint8Array[]): Promise<Uint8Array> {
    if (this.threshold === 1) return parts[0] ?? new Uint8Array()
    try {
      return await combineKey(parts)
    } catch (err) {
      throw invalidRequest(`invalid key: failed to compute combined key: ${err instanceof Error ? err.message : String(err)}`)
    }
  }

  // ---- snapshots (unsealed only) ----------------------------------------------

  /** The state as a snapshot's `state.bin` holds it. */
  exportState(): Buffer {
    return encodeContainer({ header: this.#header(), ciphertext: this.#barrier.encryptState(encodeEntries(this.#core.storage.dump())) })
  }

  sealWithRootKey(bytes: Uint8Array): Buffer {
    return this.#barrier.sealWithRootKey(bytes)
  }

  /** Undefined when `blob` was sealed under another root key. */
  openWithRootKey(blob: Uint8Array): Buffer | undefined {
    return this.#barrier.openWithRootKey(blob)
  }

  /**
   * Replace the whole state with a snapshot's. A snapshot of this cluster is
   * loaded as is; one under another root key (snapshot-force) brings its
   * keyring along, and the core seals: that cluster's unseal keys open it.
   */
  restoreState(bytes: Uint8Array): Promise<void> {
    return this.#exclusive(async () => {
      const container = decodeContainer(bytes)
      let keyring: Buffer
      try {
        keyring = Barrier.openKeyring(this.#barrier.rootKey, Buffer.from(container.header.keyring, 'base64'))
      } catch {
        await this.#adoptForeign(container)
        return
      }
      const entries = decodeEntries(decrypt(keyring, container.ciphertext))
      this.#adopt(container)
      this.#sealedState = undefined
      this.#barrier.unlock(this.#barrier.rootKey, keyring)
      this.#core.storage.load(entries)
      await this.#core.reloadFromStorage()
      this.#persister?.write()
    })
  }

  /** Final write of the state file; called when the emulator stops. */
  stop(): void {
    this.#persister?.stop()
  }

  // ---- transitions --------------------------------------------------------------

  async #initialize(request: InitRequest): Promise<InitResult> {
    const config = validateSealConfig(request.shares, request.threshold, request.pgpKeys)
    if (this.initialized) throw invalidRequest('Vault is already initialized')
    if (request.pgpKeys.length > 0 || request.rootTokenPgpKey !== '') {
      throw invalidRequest('[vault-emu] PGP-encrypted key shares and root tokens are not supported: leave out pgp_keys and root_token_pgp_key')
    }
    const keys = Barrier.generate()
    try {
      const shares = await splitKey(keys.rootKey, config.secret_shares, config.secret_threshold)
      const rootToken = newRootTokenId()
      // Built while the barrier is closed (requests get 503), then encrypted away.
      this.#core.bootstrapInit(rootToken)
      this.#config = config
      this.#encryptedKeyring = keys.encryptedKeyring
      this.#sealedState = encrypt(keys.keyring, encodeEntries(this.#core.storage.dump()))
      this.#persister?.write(encodeContainer({ header: this.#header(), ciphertext: this.#sealedState }))
      await this.#emptyMemory()
      this.#core.rootTokenId = rootToken
      return {
        keys: shares.map((s) => Buffer.from(s).toString('hex')),
        keys_base64: shares.map((s) => Buffer.from(s).toString('base64')),
        root_token: rootToken,
      }
    } finally {
      keys.rootKey.fill(0)
      keys.keyring.fill(0)
    }
  }

  async #rekey(currentRootKey: Uint8Array, config: SealConfig): Promise<Uint8Array[]> {
    if (this.sealed || !this.#encryptedKeyring) throw sealedError()
    let keyring: Buffer
    try {
      keyring = Barrier.openKeyring(currentRootKey, this.#encryptedKeyring)
    } catch {
      // Vault's text (its barrier's ErrBarrierInvalidKey behind the rekey prefix).
      throw invalidRequest('master key verification failed: unseal failed, invalid key')
    }
    const rootKey = randomBytes(32)
    try {
      const shares = await splitKey(rootKey, config.secret_shares, config.secret_threshold)
      this.#encryptedKeyring = encrypt(rootKey, keyring)
      this.#config = config
      this.#barrier.unlock(rootKey, keyring)
      this.rekeying.cancel()
      this.rootGeneration.cancel()
      this.#persister?.write()
      return shares
    } finally {
      rootKey.fill(0)
      keyring.fill(0)
    }
  }

  async #unseal(key: Uint8Array): Promise<void> {
    if (!this.initialized) throw invalidRequest('Vault is not initialized')
    if (!this.sealed) return
    const problem = keyLengthProblem(key)
    if (problem) throw invalidRequest(problem)
    if (!this.#round.add(key)) return
    if (this.#round.progress < this.threshold) return
    const rootKey = await this.combineShares(this.#round.take())
    await this.#open(rootKey)
  }

  async #seal(): Promise<void> {
    if (this.sealed) return
    const ciphertext = this.#barrier.encryptState(encodeEntries(this.#core.storage.dump()))
    // Written while the keys are still known, so that dev mode's header keeps its key.
    this.#persister?.write(encodeContainer({ header: this.#header(), ciphertext }))
    this.#sealedState = ciphertext
    this.#barrier.lock()
    this.#round.reset()
    this.rootGeneration.cancel()
    this.rekeying.cancel()
    await this.#emptyMemory()
  }

  /** Open the barrier with a root key and rebuild the core from the decrypted state. */
  async #open(rootKey: Uint8Array): Promise<void> {
    if (!this.#encryptedKeyring || !this.#sealedState) throw invalidRequest('Vault is not initialized')
    let keyring: Buffer
    try {
      keyring = Barrier.openKeyring(rootKey, this.#encryptedKeyring)
    } catch {
      throw invalidRequest(WRONG_KEYS_MESSAGE)
    }
    const entries = decodeEntries(decrypt(keyring, this.#sealedState))
    this.#core.storage.load(entries)
    this.#persister?.markClean()
    await this.#core.reloadFromStorage()
    this.#barrier.unlock(rootKey, keyring)
    this.#sealedState = undefined
    const rootId = this.#core.rootTokenId
    if (this.mode === 'dev' && rootId !== '' && !this.#core.tokens.raw(rootId)) createRootToken(this.#core, rootId)
    // Expiries that fell due while sealed run now.
    await this.#core.clock.runDue()
  }

  async #adoptForeign(container: StateContainer): Promise<void> {
    this.#adopt(container)
    this.#barrier.lock()
    this.#round.reset()
    this.rootGeneration.cancel()
    this.rekeying.cancel()
    await this.#emptyMemory()
    const { dev_root_key: devKey, ...header } = container.header
    // Only dev mode keeps a key in the file; with the Shamir seal the shares alone open it.
    this.#persister?.write(encodeContainer({ header: this.mode === 'dev' ? container.header : header, ciphertext: container.ciphertext }))
    if (this.mode === 'dev' && devKey !== undefined) await this.#open(Buffer.from(devKey, 'base64'))
  }

  /**
   * Virtual time never goes back across a restart: a clock that starts before
   * the instant the state file was saved (a frozen clock given the same
   * start again) resumes there, so stored expiry times keep their meaning.
   */
  async #resumeClock(savedAt: string): Promise<void> {
    const saved = Date.parse(savedAt)
    if (!Number.isFinite(saved) || saved <= this.#core.clock.now()) return
    this.#core.log(`[vault-emu] the state file was saved at ${savedAt} (virtual time), later than the clock's start: the clock resumes there`)
    await this.#core.clock.set(saved)
  }

  /** Take a stored state's seal configuration, keyring and (still encrypted) entries. */
  #adopt(container: StateContainer): void {
    this.#config = { type: 'shamir', secret_shares: container.header.seal.secret_shares, secret_threshold: container.header.seal.secret_threshold }
    this.#encryptedKeyring = Buffer.from(container.header.keyring, 'base64')
    this.#sealedState = container.ciphertext
    this.#core.clusterIdentity.cluster_name = container.header.cluster_name
    this.#core.clusterIdentity.cluster_id = container.header.cluster_id
  }

  async #emptyMemory(): Promise<void> {
    this.#core.storage.load(new Map())
    await this.#core.reloadFromStorage()
  }

  #header(): StateHeader {
    if (!this.#config || !this.#encryptedKeyring) throw new Error('[vault-emu] not initialized')
    const header: StateHeader = {
      format: STATE_FORMAT,
      version: 1,
      seal: this.#config,
      keyring: this.#encryptedKeyring.toString('base64'),
      cluster_name: this.#core.clusterIdentity.cluster_name,
      cluster_id: this.#core.clusterIdentity.cluster_id,
      saved_at: this.#core.clock.iso(),
    }
    if (this.mode === 'dev' && !this.sealed) header.dev_root_key = this.#barrier.rootKey.toString('base64')
    return header
  }

  /** What the state file gets after a change; nothing while sealed (the file already holds that state). */
  #fileBytes(): Uint8Array | undefined {
    if (this.sealed || !this.#config) return undefined
    return this.exportState()
  }

  #decodeFile(bytes: Uint8Array): StateContainer {
    try {
      return decodeContainer(bytes)
    } catch (err) {
      throw new StateFormatError(`[vault-emu] cannot read state file ${this.stateFile}: ${err instanceof Error ? err.message : String(err)}`)
    }
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work)
    this.#queue = run.catch(() => undefined)
    return run
  }
}

function noop(): void {}
