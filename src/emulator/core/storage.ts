/**
 * The emulator's physical storage: an ordered key → JSON text map, like Vault's
 * barrier. Values are stored serialised so that nothing handed out aliases what
 * is stored (`getFrozen` shares one frozen copy, which nobody can change), and
 * so that a snapshot is a plain copy of the map.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/** A value as {@link Storage.getFrozen} hands it out: deeply read-only. */
export type Frozen<T> = T extends (infer U)[] ? readonly Frozen<U>[] : T extends object ? { readonly [K in keyof T]: Frozen<T[K]> } : T

export interface Storage {
  /** A fresh copy of the value: the caller may change it. */
  get<T = unknown>(key: string): T | undefined
  /**
   * The value as one shared, deeply frozen object, parsed once per write
   * rather than once per read: for hot read paths that only look (a change
   * throws). Writes still go through {@link put}.
   */
  getFrozen<T = unknown>(key: string): Frozen<T> | undefined
  put(key: string, value: unknown): void
  delete(key: string): void
  /** Immediate children of `prefix`: leaf names, and folder names ending in `/`, sorted. */
  list(prefix: string): string[]
  /** Every key under `prefix` (all depths), relative to it, sorted. */
  keys(prefix?: string): string[]
  /** A view whose keys are prefixed (a mount's or a subsystem's own space). */
  sub(prefix: string): Storage
}

export class MemoryStorage implements Storage {
  #entries = new Map<string, string>()
  /**
   * Directory index: folder (`''` or ending in `/`) → child name (`leaf` or `folder/`) →
   * number of keys under that child. Listing a folder and walking a subtree cost
   * what they return, not the size of the whole store (token trees, cubbyholes).
   */
  #dirs = new Map<string, Map<string, number>>()
  /** Values parsed by `getFrozen`, dropped whenever their key changes. */
  #frozen = new Map<string, unknown>()
  #version = 0
  #onChange: (() => void) | undefined

  /** Bumped by every put, delete and load: persistence writes when it moved. */
  get version(): number {
    return this.#version
  }

  /** Called after every change (one listener: the state-file writer). */
  set onChange(listener: (() => void) | undefined) {
    this.#onChange = listener
  }

  #changed(): void {
    this.#version++
    this.#onChange?.()
  }

  get<T = unknown>(key: string): T | undefined {
    const text = this.#entries.get(key)
    return text === undefined ? undefined : (JSON.parse(text) as T)
  }

  getFrozen<T = unknown>(key: string): Frozen<T> | undefined {
    let value = this.#frozen.get(key)
    if (value === undefined) {
      const text = this.#entries.get(key)
      if (text === undefined) return undefined
      value = deepFreeze(JSON.parse(text))
      this.#frozen.set(key, value)
    }
    return value as Frozen<T>
  }

  put(key: string, value: unknown): void {
    if (!this.#entries.has(key)) this.#index(key, 1)
    this.#entries.set(key, JSON.stringify(value))
    this.#frozen.delete(key)
    this.#changed()
  }

  delete(key: string): void {
    if (this.#entries.delete(key)) {
      this.#frozen.delete(key)
      this.#index(key, -1)
      this.#changed()
    }
  }

  list(prefix: string): string[] {
    if (prefix === '' || prefix.endsWith('/')) return [...(this.#dirs.get(prefix)?.keys() ?? [])].sort()
    const children = new Set<string>()
    for (const key of this.#entries.keys()) {
      if (!key.startsWith(prefix)) continue
      const rest = key.slice(prefix.length)
      const slash = rest.indexOf('/')
      children.add(slash === -1 ? rest : rest.slice(0, slash + 1))
    }
    children.delete('')
    return [...children].sort()
  }

  keys(prefix = ''): string[] {
    const out: string[] = []
    if (prefix === '' || prefix.endsWith('/')) {
      const walk = (dir: string, relative: string): void => {
        for (const child of this.#dirs.get(dir)?.keys() ?? []) {
          if (child.endsWith('/')) walk(dir + child, relative + child)
          else out.push(relative + child)
        }
      }
      walk(prefix, '')
    } else {
      for (const key of this.#entries.keys()) if (key.startsWith(prefix)) out.push(key.slice(prefix.length))
    }
    return out.sort()
  }

  #index(key: string, delta: 1 | -1): void {
    let dir = ''
    let rest = key
    for (;;) {
      const slash = rest.indexOf('/')
      const child = slash === -1 ? rest : rest.slice(0, slash + 1)
      let children = this.#dirs.get(dir)
      if (!children) this.#dirs.set(dir, (children = new Map()))
      const count = (children.get(child) ?? 0) + delta
      if (count > 0) children.set(child, count)
      else {
        children.delete(child)
        if (children.size === 0) this.#dirs.delete(dir)
      }
      if (slash === -1) return
      dir += child
      rest = rest.slice(slash + 1)
    }
  }

  sub(prefix: string): Storage {
    return new PrefixedStorage(this, prefix)
  }

  /** A copy of every entry, for snapshots. */
  dump(): Map<string, string> {
    return new Map(this.#entries)
  }

  /**
   * A copy of every entry that also keeps the listing index, so that
   * {@link load} copies the index instead of rebuilding it (fast repeated
   * restores of one snapshot). Treat the result as read-only.
   */
  dumpIndexed(): Map<string, string> {
    const copy = new Map(this.#entries)
    dumpIndexes.set(copy, copyIndex(this.#dirs))
    return copy
  }

  /** Replace everything with a dump. */
  load(entries: ReadonlyMap<string, string>): void {
    this.#entries = new Map(entries)
    this.#frozen = new Map()
    const index = dumpIndexes.get(entries)
    if (index) this.#dirs = copyIndex(index)
    else {
      this.#dirs = new Map()
      for (const key of this.#entries.keys()) this.#index(key, 1)
    }
    this.#changed()
  }
}

/** Listing indexes of {@link MemoryStorage.dumpIndexed} copies. */
const dumpIndexes = new WeakMap<ReadonlyMap<string, string>, Map<string, Map<string, number>>>()

function copyIndex(dirs: Map<string, Map<string, number>>): Map<string, Map<string, number>> {
  const copy = new Map<string, Map<string, number>>()
  for (const [dir, children] of dirs) copy.set(dir, new Map(children))
  return copy
}

/** Objects {@link Storage.getFrozen} handed out: they and everything in them can never change. */
const sharedFrozen = new WeakSet<object>()

/**
 * Whether `value` is (part of) a value {@link Storage.getFrozen} handed out,
 * so that anything derived from its content alone (its audit JSON) may be
 * kept for as long as the object lives.
 */
export function isSharedFrozen(value: object): boolean {
  return sharedFrozen.has(value)
}

/**
 * Freeze a value built only from values {@link Storage.getFrozen} handed out
 * (a view of a stored record, say) and share it on the same terms: nobody can
 * change it, so what is derived from its content alone may be kept with it.
 */
export function freezeShared<T>(value: T): Frozen<T> {
  return deepFreeze(value) as Frozen<T>
}

/** Freeze a parsed JSON value and everything in it (plain objects and arrays only). */
function deepFreeze(value: unknown): unknown {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
    sharedFrozen.add(value)
  }
  return value
}

class PrefixedStorage implements Storage {
  /**
   * Frozen values by key relative to this view, valid while the store's
   * version stays put: a hot read then hashes its short key only, not a
   * freshly concatenated full one.
   */
  #frozen = new Map<string, unknown>()
  #frozenVersion = -1

  constructor(
    private readonly parent: MemoryStorage,
    private readonly prefix: string,
  ) {}

  get<T = unknown>(key: string): T | undefined {
    return this.parent.get<T>(this.prefix + key)
  }

  getFrozen<T = unknown>(key: string): Frozen<T> | undefined {
    if (this.#frozenVersion !== this.parent.version) {
      this.#frozen.clear()
      this.#frozenVersion = this.parent.version
    }
    let value = this.#frozen.get(key)
    if (value === undefined) {
      value = this.parent.getFrozen<T>(this.prefix + key)
      if (value !== undefined) this.#frozen.set(key, value)
    }
    return value as Frozen<T> | undefined
  }

  put(key: string, value: unknown): void {
    this.parent.put(this.prefix + key, value)
  }

  delete(key: string): void {
    this.parent.delete(this.prefix + key)
  }

  list(prefix: string): string[] {
    return this.parent.list(this.prefix + prefix)
  }

  keys(prefix = ''): string[] {
    return this.parent.keys(this.prefix + prefix)
  }

  sub(prefix: string): Storage {
    return new PrefixedStorage(this.parent, this.prefix + prefix)
  }
}
