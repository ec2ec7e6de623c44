interface Waiter {
  /** Spans with a sequence number up to this one were recorded before the flush began. */
  covers: number
  /** The flush is over once the span with this sequence number has settled. */
  target: number
  ok: boolean
  resolve: (ok: boolean) => void
}

/**
 * Answers "was every span recorded before this flush acknowledged?" for the
 * {@link ExportQueue}. Spans get increasing sequence numbers when they end;
 * queued spans settle (acknowledged or lost) in that order because the queue
 * is FIFO and exports one batch at a time. A flush is therefore over when the
 * last span queued before it has settled, and it fails if any span it covers
 * was lost: dropped, or in a batch that failed. A loss no pending flush covers
 * fails the next flush, so no loss goes unreported.
 */
export class FlushTracker {
  private settledThrough = 0
  private unreportedLoss = false
  private waiters: Waiter[] = []

  /**
   * Starts a flush covering spans up to `endedThrough` whose last queued span
   * is `queuedThrough`. Resolves true only if none of them was lost.
   */
  open(endedThrough: number, queuedThrough: number): Promise<boolean> {
    const ok = !this.unreportedLoss
    this.unreportedLoss = false
    if (queuedThrough <= this.settledThrough) return Promise.resolve(ok)
    return new Promise((resolve) => {
      this.waiters.push({ covers: endedThrough, target: queuedThrough, ok, resolve })
    })
  }

  /** Records the loss of spans numbered `lowest`..`highest` (gaps allowed). */
  lost(lowest: number, highest: number): void {
    let coveredByAFlush = false
    for (const waiter of this.waiters) {
      if (lowest <= waiter.covers) waiter.ok = false
      if (highest <= waiter.covers) coveredByAFlush = true
    }
    if (!coveredByAFlush) this.unreportedLoss = true
  }

  /** Records that every queued span up to `through` has settled. */
  settled(through: number): void {
    this.settledThrough = Math.max(this.settledThrough, through)
    const done = this.waiters.filter((waiter) => waiter.target <= this.settledThrough)
    if (done.length === 0) return
    this.waiters = this.waiters.filter((waiter) => waiter.target > this.settledThrough)
    for (const waiter of done) waiter.resolve(waiter.ok)
  }

  /** Whether a pending flush waits for the span numbered `seq`, so the queue must send it now. */
  isAwaited(seq: number): boolean {
    return this.waiters.some((waiter) => waiter.target >= seq)
  }
}
