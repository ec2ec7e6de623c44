import { OpenAIInstrumentation } from '@traceloop/instrumentation-openai'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodings, gpt4oMini, useSourcesHarness } from './support/sources-harness.js'

// The real OpenLLMetry instrumentation → real OTLP exporters → the collector → the summary API.
const harness = useSourcesHarness('openllmetry')
const instrumentation = new OpenAIInstrumentation({ traceContent: true })

beforeAll(() => {
  // ESM imports bypass require hooks: patch the client class by hand (the package's documented entry point).
  instrumentation.manuallyInstrument(OpenAI)
})

afterAll(() => {
  instrumentation.disable()
})

describe('OpenLLMetry (@traceloop/instrumentation-openai) into the collector', () => {
  it.each(encodings)('records each chat completion as one call over OTLP/%s', async (encoding) => {
    const provider = harness.tracerProvider(encoding)
    instrumentation.setTracerProvider(provider)
    const openai = new OpenAI({ baseURL: `${harness.llm.url}/v1`, apiKey: 'test', maxRetries: 0 })
    const useCase = `openllmetry-${encoding}`
    // `extraAttributes` is how Traceloop's SDK puts association properties on a span; the instrumentation strips it from the request.
    const request = {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Where is my invoice?' }],
      extraAttributes: {
        'traceloop.association.properties.use_case': useCase,
        'traceloop.association.properties.user_id': 'user-7',
      },
    } as OpenAI.ChatCompletionCreateParamsNonStreaming

    const plain = await openai.chat.completions.create({ ...request })
    // This version reads no usage from streamed chunks: the call is recorded, its cost unknown (not 0).
    const stream = await openai.chat.completions.create({
      ...request,
      stream: true,
      stream_options: { include_usage: true },
    })
    for await (const _chunk of stream) {
      // drain
    }
    // No failed call here: 0.27 never ends the span of a rejected non-streamed request, so it is never exported.
    await provider.forceFlush()

    const usage = plain.usage
    if (!usage) throw new Error('the fake reports usage')
    const summary = await harness.summary({ useCase })
    expect(summary).toMatchObject({
      calls: 2,
      errors: 0,
      costUnknownCalls: 1,
      tokens: { input: usage.prompt_tokens, output: usage.completion_tokens },
    })
    expect(summary.costUsd).toBeCloseTo(
      usage.prompt_tokens * gpt4oMini.input + usage.completion_tokens * gpt4oMini.output,
      12,
    )
  })
})
