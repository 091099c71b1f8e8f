/**
 * The emulator's physical storage: an ordered key → JSON text map, like Vault's
 * barrier. Values are stored serialised so that nothing handed out aliases what
 * is stored, and so that a snapshot is a plain copy of the map.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

export interface Storage {
  get<T = unknown>(key: string): T | undefined
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

  get<T = unknown>(key: string): T | undefined {
    const text = this.#entries.get(key)
    return text === undefined ? undefined : (JSON.parse(text) as T)
  }

  put(key: string, value: unknown): void {
    if (!this.#entries.has(key)) this.#index(key, 1)
    this.#entries.set(key, JSON.stringify(value))
  }

  delete(key: string): void {
    if (this.#entries.delete(key)) this.#index(key, -1)
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

  /** Replace everything with a dump. */
  load(entries: ReadonlyMap<string, string>): void {
    this.#entries = new Map(entries)
    this.#dirs = new Map()
    for (const key of this.#entries.keys()) this.#index(key, 1)
  }
}

class PrefixedStorage implements Storage {
  constructor(
    private readonly parent: Storage,
    private readonly prefix: string,
  ) {}

  get<T = unknown>(key: string): T | undefined {
    return this.parent.get<T>(this.prefix + key)
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
