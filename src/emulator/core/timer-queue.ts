/** A min-heap of virtual timers keyed by due time, then by insertion order. */

export interface VirtualTimer {
  key: string
  dueMs: number
  seq: number
}

export class TimerQueue {
  #heap: VirtualTimer[] = []
  /** The live timer of each key; heap entries not in here are stale (lazy deletion). */
  #live = new Map<string, VirtualTimer>()
  #seq = 0

  get size(): number {
    return this.#live.size
  }

  /** Add or move the timer for `key`. */
  schedule(key: string, dueMs: number): void {
    const timer: VirtualTimer = { key, dueMs, seq: this.#seq++ }
    this.#live.set(key, timer)
    this.#push(timer)
  }

  cancel(key: string): void {
    this.#live.delete(key)
  }

  clear(): void {
    this.#heap = []
    this.#live.clear()
  }

  has(key: string): boolean {
    return this.#live.has(key)
  }

  /** The earliest live timer, without removing it. */
  peek(): VirtualTimer | undefined {
    this.#dropStale()
    return this.#heap[0]
  }

  /** Remove and return the earliest live timer if it is due at or before `nowMs`. */
  popDue(nowMs: number): VirtualTimer | undefined {
    const top = this.peek()
    if (!top || top.dueMs > nowMs) return undefined
    this.#pop()
    this.#live.delete(top.key)
    return top
  }

  #dropStale(): void {
    while (this.#heap.length > 0) {
      const top = this.#heap[0] as VirtualTimer
      if (this.#live.get(top.key) === top) return
      this.#pop()
    }
  }

  #less(a: VirtualTimer, b: VirtualTimer): boolean {
    return a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.seq < b.seq)
  }

  #push(timer: VirtualTimer): void {
    const h = this.#heap
    h.push(timer)
    let i = h.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.#less(h[i] as VirtualTimer, h[parent] as VirtualTimer)) break
      ;[h[i], h[parent]] = [h[parent] as VirtualTimer, h[i] as VirtualTimer]
      i = parent
    }
  }

  #pop(): void {
    const h = this.#heap
    const last = h.pop()
    if (h.length === 0 || !last) return
    h[0] = last
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < h.length && this.#less(h[l] as VirtualTimer, h[m] as VirtualTimer)) m = l
      if (r < h.length && this.#less(h[r] as VirtualTimer, h[m] as VirtualTimer)) m = r
      if (m === i) return
      ;[h[i], h[m]] = [h[m] as VirtualTimer, h[i] as VirtualTimer]
      i = m
    }
  }
}
