/**
 * CPU cost of a call with and without Vigil, measured in the same process so
 * both sides share the machine's noise, the JIT's state and the event loop.
 */

export interface Comparison {
  name: string
  /** Median CPU µs of the bare call. */
  bareUs: number
  /** Median over rounds of (wrapped − bare) CPU µs per call. */
  addedUs: number
  ratio: number
}

export interface CompareOptions {
  rounds: number
  batch: number
  /**
   * Awaited at the end of every timed batch, inside the timing: `flush()`, so
   * the CPU spent encoding and sending the batch's spans counts against the
   * calls that produced them instead of hiding between rounds.
   */
  settle: () => Promise<unknown>
}

/** CPU time this process has used, user + system, in µs (all threads). */
export function cpuMicros(): number {
  const usage = process.cpuUsage()
  return usage.user + usage.system
}

/** CPU µs per call of `batch` sequential calls, `settle` included. */
export async function timeBatch(
  call: () => Promise<unknown>,
  batch: number,
  settle: () => Promise<unknown>,
): Promise<number> {
  const start = cpuMicros()
  for (let i = 0; i < batch; i++) await call()
  await settle()
  return (cpuMicros() - start) / batch
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** Median bare cost of `call` over `rounds` batches (after a warm-up). */
export async function measure(call: () => Promise<unknown>, options: CompareOptions): Promise<number> {
  for (let i = 0; i < 3; i++) await timeBatch(call, options.batch, options.settle)
  const times: number[] = []
  for (let round = 0; round < options.rounds; round++) {
    times.push(await timeBatch(call, options.batch, options.settle))
  }
  return median(times)
}

/**
 * Rounds alternate bare and wrapped batches so machine noise hits both; the
 * result is the median over rounds of (wrapped − bare) CPU per call.
 */
export async function compare(
  name: string,
  bare: () => Promise<unknown>,
  wrapped: () => Promise<unknown>,
  options: CompareOptions,
): Promise<Comparison> {
  for (let i = 0; i < 3; i++) {
    await timeBatch(bare, options.batch, options.settle)
    await timeBatch(wrapped, options.batch, options.settle)
  }
  const bareTimes: number[] = []
  const added: number[] = []
  for (let round = 0; round < options.rounds; round++) {
    const b = await timeBatch(bare, options.batch, options.settle)
    const w = await timeBatch(wrapped, options.batch, options.settle)
    bareTimes.push(b)
    added.push(w - b)
  }
  const bareUs = median(bareTimes)
  const addedUs = median(added)
  return { name, bareUs, addedUs, ratio: (bareUs + addedUs) / bareUs }
}
