/**
 * The router's answers, remembered per request path while the mount table
 * stays as it is: which mount serves a path, the path relative to it, whether
 * it needs a token or `sudo`, and which of the backend's path patterns it
 * matches with what parameters. Resolving a path walks the mount table and
 * tries the backend's patterns one by one; a hot path does that once.
 */
import type { Mounted, MountTable } from './mounts.js'
import type { PathMatch } from '../framework/path.js'
import { matchPath } from '../framework/path.js'

export interface Route {
  mounted: Mounted
  /** The path with the mount's prefix removed. */
  relative: string
  unauthenticated: boolean
  sudo: boolean
  /** The backend's pattern and its (frozen) parameters; undefined when no pattern matches. */
  match: PathMatch | undefined
}

/** Longer paths are resolved every time rather than held (a client picks the paths). */
const MAX_CACHED_PATH = 512

export function resolveRoute(mounted: Mounted, path: string): Route {
  const relative = path.length < mounted.entry.path.length ? '' : path.slice(mounted.entry.path.length)
  const match = matchPath(mounted.backend.paths, relative)
  if (match) Object.freeze(match.params)
  return {
    mounted,
    relative,
    unauthenticated: mounted.backend.isUnauthenticated(relative),
    sudo: mounted.backend.isSudo(relative),
    match,
  }
}

export class RouteCache {
  readonly #mounts: MountTable
  readonly #maxEntries: number
  #routes = new Map<string, Route | null>()
  #mountsVersion = -1

  constructor(mounts: MountTable, maxEntries = 4096) {
    this.#mounts = mounts
    this.#maxEntries = maxEntries
  }

  /** The route of `path` in the mount table as it is now; undefined when no mount serves it. */
  resolve(path: string): Route | undefined {
    if (this.#mountsVersion !== this.#mounts.version) {
      this.#routes.clear()
      this.#mountsVersion = this.#mounts.version
    }
    const known = this.#routes.get(path)
    if (known !== undefined) return known ?? undefined
    const mounted = this.#mounts.match(path)
    const route = mounted ? resolveRoute(mounted, path) : undefined
    if (path.length <= MAX_CACHED_PATH) {
      if (this.#routes.size >= this.#maxEntries) this.#routes.clear()
      this.#routes.set(path, route ?? null)
    }
    return route
  }
}
