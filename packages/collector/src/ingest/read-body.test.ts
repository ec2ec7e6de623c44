import { Readable } from 'node:stream'
import { deflateSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { VigilError } from '../errors.js'
import { readBody } from './read-body.js'

const MiB = 1024 * 1024

describe('readBody', () => {
  it('inflates gzip and deflate and reports the wire size', async () => {
    const text = 'hello '.repeat(1000)
    const gz = gzipSync(text)
    const read = await readBody(Readable.from([gz]), 'gzip', { maxBytes: MiB })
    expect(read.body.toString()).toBe(text)
    expect(read.wireBytes).toBe(gz.length)
    expect(
      (await readBody(Readable.from([deflateSync(text)]), 'Deflate', { maxBytes: MiB })).body.toString(),
    ).toBe(text)
    expect((await readBody(Readable.from([Buffer.from(text)]), undefined, { maxBytes: MiB })).wireBytes).toBe(
      6000,
    )
  })

  it('stops inflating a gzip bomb as soon as the cap is passed', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * MiB))
    let inflated = 0
    const error = await readBody(Readable.from([bomb]), 'gzip', {
      maxBytes: MiB,
      reserve: (bytes) => {
        inflated += bytes
        return undefined
      },
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VigilError)
    expect(error).toMatchObject({ statusCode: 413, code: 'VIGIL_ERR_BODY_TOO_LARGE' })
    // Everything accepted stayed under the cap; nothing past it was kept.
    expect(inflated).toBeLessThanOrEqual(MiB)
  })

  it('fails with the reservation error when the memory budget refuses a chunk', async () => {
    const refusal = new VigilError('OVERLOADED', 'budget')
    const error = await readBody(Readable.from([Buffer.alloc(10)]), '', {
      maxBytes: MiB,
      reserve: () => refusal,
    }).catch((e: unknown) => e)
    expect(error).toBe(refusal)
  })

  it('answers 415 for an unknown encoding and 400 for corrupt compressed data', async () => {
    await expect(readBody(Readable.from([Buffer.from('x')]), 'br', { maxBytes: MiB })).rejects.toMatchObject({
      statusCode: 415,
      code: 'VIGIL_ERR_UNSUPPORTED_ENCODING',
    })
    await expect(
      readBody(Readable.from([Buffer.from('nope')]), 'gzip', { maxBytes: MiB }),
    ).rejects.toMatchObject({
      statusCode: 400,
    })
    const truncated = gzipSync('complete').subarray(0, 10)
    await expect(readBody(Readable.from([truncated]), 'gzip', { maxBytes: MiB })).rejects.toMatchObject({
      statusCode: 400,
    })
  })
})
