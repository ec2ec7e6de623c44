import { describe, expect, it } from 'vitest'
import { VigilError } from '../errors.js'
import { BatchWriter } from './batch-writer.js'

function recordingWriter(options: { lingerMs?: number; maxBatchRows?: number; maxQueueBytes?: number } = {}) {
  const batches: number[][] = []
  const inserts: { rows: number; ms: number }[] = []
  let fail = false
  let release: (() => void) | undefined
  let hold = false
  const writer = new BatchWriter<number>({
    maxBatchRows: options.maxBatchRows ?? 1000,
    lingerMs: options.lingerMs ?? 5,
    maxQueueBytes: options.maxQueueBytes ?? 1_000_000,
    insert: async (rows) => {
      if (hold) await new Promise<void>((resolve) => (release = resolve))
      if (fail) throw new Error('storage down')
      batches.push(rows)
      return rows.length
    },
    onInsert: (rows, ms) => inserts.push({ rows, ms }),
  })
  return {
    writer,
    batches,
    inserts,
    failNext: (value: boolean) => (fail = value),
    holdInserts: (value: boolean) => (hold = value),
    release: () => release?.(),
  }
}

describe('BatchWriter', () => {
  it('inserts rows from concurrent writes together and acknowledges after the insert', async () => {
    const { writer, batches } = recordingWriter()
    await Promise.all([writer.write([1, 2], 10), writer.write([3], 10), writer.write([4, 5, 6], 10)])
    expect(batches).toEqual([[1, 2, 3, 4, 5, 6]])
    expect(writer.stats).toMatchObject({ rowsWritten: 6, batchesWritten: 1, queuedBytes: 0 })
  })

  it('reports each successful insert with its rows and duration, and no failed one', async () => {
    const { writer, inserts, failNext } = recordingWriter()
    await Promise.all([writer.write([1, 2], 1), writer.write([3], 1)])
    failNext(true)
    await expect(writer.write([4], 1)).rejects.toThrow(VigilError)
    failNext(false)
    await writer.write([5, 6, 7, 8], 1)
    expect(inserts.map((insert) => insert.rows)).toEqual([3, 4])
    for (const { ms } of inserts) expect(ms).toBeGreaterThanOrEqual(0)
  })

  it('flushes at once when a batch is full and never splits one write', async () => {
    const { writer, batches } = recordingWriter({ lingerMs: 60_000, maxBatchRows: 3 })
    await Promise.all([writer.write([1, 2], 1), writer.write([3, 4], 1), writer.write([5], 1)])
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ])
  })

  it('rejects with a retryable storage error when the insert fails, and recovers', async () => {
    const { writer, batches, failNext } = recordingWriter()
    failNext(true)
    const error = await writer.write([1], 1).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VigilError)
    expect(error).toMatchObject({ statusCode: 503, code: 'VIGIL_ERR_STORAGE_UNAVAILABLE' })
    failNext(false)
    await writer.write([2], 1)
    expect(batches).toEqual([[2]])
  })

  it('refuses writes with 503 once the queue holds more bytes than allowed', async () => {
    const { writer, holdInserts, release } = recordingWriter({ lingerMs: 0, maxQueueBytes: 100 })
    holdInserts(true)
    const first = writer.write([1], 80)
    const second = writer.write([2], 30).catch((e: unknown) => e)
    expect(await second).toMatchObject({
      statusCode: 503,
      code: 'VIGIL_ERR_OVERLOADED',
      retryAfterSeconds: 1,
    })
    await new Promise((resolve) => setTimeout(resolve, 10))
    release()
    await first
    expect(writer.stats.queuedBytes).toBe(0)
  })

  it('writes what is queued on close, then refuses new rows', async () => {
    const { writer, batches } = recordingWriter({ lingerMs: 60_000 })
    const pending = writer.write([7], 1)
    await writer.close()
    await pending
    expect(batches).toEqual([[7]])
    await expect(writer.write([8], 1)).rejects.toMatchObject({ code: 'VIGIL_ERR_OVERLOADED' })
  })
})
