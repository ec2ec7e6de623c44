export interface RateLimit {
  /** Sustained rate; 0 turns limiting off. */
  requestsPerSecond: number
  /** Requests a key may make at once after being idle (the bucket's size). */
  burst: number
}

interface Bucket {
  tokens: number
  at: number
}

/** Idle keys kept before full buckets are forgotten; only authenticated keys get one, so this is rarely reached. */
const MAX_BUCKETS = 10_000

/**
 * A token bucket per API key: each key has its own budget, so one noisy client
 * (a runaway script, a dashboard left polling) is answered 429 while the
 * others are served as usual. A bucket refills at `requestsPerSecond` up to
 * `burst`.
 */
export class KeyRateLimiter {
  readonly #limit: RateLimit
  readonly #now: () => number
  readonly #buckets = new Map<string, Bucket>()

  constructor(limit: RateLimit, now: () => number = () => performance.now()) {
    this.#limit = limit
    this.#now = now
  }

  get enabled(): boolean {
    return this.#limit.requestsPerSecond > 0
  }

  /** Takes a token for `key`: 0 when the request may go ahead, else the whole seconds until one is free. */
  take(key: string): number {
    if (!this.enabled) return 0
    const now = this.#now()
    const bucket = this.#refill(this.#buckets.get(key), now)
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      this.#buckets.set(key, bucket)
      if (this.#buckets.size > MAX_BUCKETS) this.#forgetFull(now)
      return 0
    }
    this.#buckets.set(key, bucket)
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.#limit.requestsPerSecond))
  }

  #refill(bucket: Bucket | undefined, now: number): Bucket {
    if (!bucket) return { tokens: this.#limit.burst, at: now }
    const earned = ((now - bucket.at) / 1000) * this.#limit.requestsPerSecond
    return { tokens: Math.min(this.#limit.burst, bucket.tokens + earned), at: now }
  }

  /** A full bucket is the same as none. */
  #forgetFull(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (this.#refill(bucket, now).tokens >= this.#limit.burst) this.#buckets.delete(key)
    }
  }
}
