import { createHash } from 'node:crypto'
import type { FakeRoute } from './fake-llm-server.js'
import { estimateTokens, sendJson } from './fake-llm-server.js'
import { playOpenAiFault } from './openai-wire.js'

/** Small by default so answers stay readable; `dimensions` in the request asks for another size. */
const DEFAULT_DIMENSIONS = 8

/**
 * `POST /v1/embeddings`. The vectors are derived from each input's hash (same
 * input, same vector), as floats or, with `encoding_format: 'base64'`, as
 * little-endian float32 bytes: the `openai` client asks for base64 unless the
 * app chose a format, and decodes it itself.
 */
export function embeddingsRoute(): FakeRoute {
  return async (exchange) => {
    if (playOpenAiFault(exchange, false) === 'done') return
    const { body } = exchange
    const inputs = normalizeInput(body.input)
    const dimensions =
      typeof body.dimensions === 'number' && body.dimensions > 0 ? body.dimensions : DEFAULT_DIMENSIONS
    const promptTokens = inputs.reduce(
      (sum, input) => sum + (typeof input === 'string' ? estimateTokens(input) : input.length),
      0,
    )
    const data = inputs.map((input, index) => {
      const vector = vectorFor(JSON.stringify(input), dimensions)
      const embedding =
        body.encoding_format === 'base64'
          ? Buffer.from(new Float32Array(vector).buffer).toString('base64')
          : vector
      return { object: 'embedding', index, embedding }
    })
    sendJson(exchange.response, 200, {
      object: 'list',
      data,
      model: String(body.model ?? ''),
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    })
  }
}

/** `input` may be a string, strings, a token array, or token arrays. */
function normalizeInput(input: unknown): Array<string | number[]> {
  if (typeof input === 'string') return [input]
  if (!Array.isArray(input)) return []
  if (input.every((item) => typeof item === 'number')) return [input as number[]]
  return input.filter((item): item is string | number[] => typeof item === 'string' || Array.isArray(item))
}

function vectorFor(text: string, dimensions: number): number[] {
  const seed = createHash('sha256').update(text).digest().readUInt32LE(0)
  // Rounded through float32 so the float and base64 forms decode to the same numbers.
  return Array.from({ length: dimensions }, (_, i) => Math.fround(Math.sin(seed + i)))
}
