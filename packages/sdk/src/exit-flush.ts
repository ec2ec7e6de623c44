let registered = false
let pending: Promise<boolean> | undefined

/**
 * Sends what is still queued when the app's event loop runs dry, so a script
 * that ends without `flush()` or `shutdown()` still delivers its spans: the
 * queue's own timer is unref'd (it must not keep a finished app alive), so
 * without this they would be lost. Node emits `beforeExit` each time the loop
 * empties; the flush's network work keeps the process alive until it is done,
 * after which the loop empties again with nothing queued, and the process exits.
 *
 * Registered once per process, on the first `init()`. Not a substitute for
 * `flush()`: `beforeExit` does not fire on `process.exit()`, on signals, or in
 * serverless runtimes that freeze the process after the response.
 *
 * `flushPending` starts a flush of the active setup, or returns undefined when
 * there is nothing to send.
 */
export function registerExitFlush(flushPending: () => Promise<boolean> | undefined): void {
  if (registered) return
  registered = true
  process.on('beforeExit', () => {
    // At most one flush per drain: if ours is still pending while the loop is
    // empty, nothing can finish it (an exporter that never answers); starting
    // another would only repeat that. Let the process exit.
    if (pending !== undefined) return
    const flushing = flushPending()
    if (flushing === undefined) return
    pending = flushing.finally(() => {
      pending = undefined
    })
  })
}
