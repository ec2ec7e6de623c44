import { createOpenAI } from '@ai-sdk/openai'
import { APICallError, embed, generateText, streamText } from 'ai'
import { describe, expect, it } from 'vitest'
import { encodings, gpt4oMini, useSourcesHarness } from './support/sources-harness.js'

// The real Vercel AI SDK telemetry → real OTLP exporters → the collector → the summary API.
const harness = useSourcesHarness('vercel-ai')

describe('Vercel AI SDK (ai, experimental_telemetry) into the collector', () => {
  it.each(encodings)(
    'counts each provider request once, not its wrapper span, over OTLP/%s',
    async (encoding) => {
      const provider = harness.tracerProvider(encoding)
      const openai = createOpenAI({ baseURL: `${harness.llm.url}/v1`, apiKey: 'test' })
      const useCase = `vercel-${encoding}`
      const telemetry = {
        isEnabled: true,
        tracer: provider.getTracer('ai'),
        // functionId names the feature; metadata carries the user.
        functionId: useCase,
        metadata: { userId: 'user-9' },
      }
      const model = openai.chat('gpt-4o-mini')

      // Each function emits an outer span (`ai.generateText`) and an inner one per request
      // (`ai.generateText.doGenerate`), both with usage: only the inner one is a call.
      const generated = await generateText({
        model,
        prompt: 'Where is my invoice?',
        experimental_telemetry: telemetry,
      })
      const streamed = streamText({ model, prompt: 'Where is my parcel?', experimental_telemetry: telemetry })
      await streamed.consumeStream()
      const streamedUsage = await streamed.usage
      const embedded = await embed({
        model: openai.embedding('text-embedding-3-small'),
        value: 'refund request',
        experimental_telemetry: telemetry,
      })
      harness.llm.enqueueFault({ kind: 'status', status: 429 })
      const failure = await generateText({
        model,
        prompt: 'Where is my refund?',
        maxRetries: 0,
        experimental_telemetry: telemetry,
      }).catch((error: unknown) => error)
      expect(APICallError.isInstance(failure)).toBe(true)
      await provider.forceFlush()

      const input = (generated.usage.inputTokens ?? 0) + (streamedUsage.inputTokens ?? 0)
      const output = (generated.usage.outputTokens ?? 0) + (streamedUsage.outputTokens ?? 0)
      expect(input).toBeGreaterThan(0)
      const summary = await harness.summary({ useCase })
      expect(summary).toMatchObject({
        calls: 4,
        errors: 1,
        costUnknownCalls: 1,
        tokens: { input: input + embedded.usage.tokens, output },
      })
      // gpt-4o-mini for the two chat calls, text-embedding-3-small ($0.02/M) for the embedding.
      const expected = input * gpt4oMini.input + output * gpt4oMini.output + embedded.usage.tokens * 0.02e-6
      expect(summary.costUsd).toBeCloseTo(expected, 12)
      expect(await harness.summary({ useCase, model: 'text-embedding-3-small' })).toMatchObject({ calls: 1 })
      expect(await harness.summary({ useCase, provider: 'openai' })).toMatchObject({ calls: 4 })
    },
  )
})
