/**
 * The keys of rows this process wrote most recently, up to `capacity`, oldest
 * forgotten first. A client retrying after a lost acknowledgement usually does
 * so within seconds, so its rows are found here without asking storage. Only a
 * hint: a key that is absent may still be stored, so misses go to storage.
 */
export class RecentKeys {
  readonly #capacity: number
  readonly #keys = new Set<string>()

  constructor(capacity: number) {
    this.#capacity = capacity
  }

  has(key: string): boolean {
    return this.#keys.has(key)
  }

  add(keys: Iterable<string>): void {
    if (this.#capacity === 0) return
    for (const key of keys) {
      // Re-adding moves the key to the young end, so a hot retry is not evicted first.
      this.#keys.delete(key)
      this.#keys.add(key)
    }
    // A Set iterates in insertion order: the first keys are the oldest.
    let excess = this.#keys.size - this.#capacity
    for (const key of this.#keys) {
      if (excess-- <= 0) break
      this.#keys.delete(key)
    }
  }

  get size(): number {
    return this.#keys.size
  }
}
