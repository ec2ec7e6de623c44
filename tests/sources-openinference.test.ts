import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai'
import { context, createContextKey } from '@opentelemetry/api'
import OpenAI, * as openaiModule from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodings, gpt4oMini, useSourcesHarness } from './support/sources-harness.js'

// The real OpenInference instrumentation → real OTLP exporters → the collector → the summary API.
const harness = useSourcesHarness('openinference')
const instrumentation = new OpenAIInstrumentation()

beforeAll(() => {
  // ESM imports bypass require hooks: the package's manual entry point patches the module's classes.
  instrumentation.manuallyInstrument(
    openaiModule as unknown as Parameters<typeof instrumentation.manuallyInstrument>[0],
  )
})

afterAll(() => {
  instrumentation.disable()
})

/**
 * What `setSession`, `setUser` and `setMetadata` of @arizeai/openinference-core
 * do (that package is only a dependency of the instrumentation here): context
 * values under these global keys, which the instrumentation copies onto spans
 * as `session.id`, `user.id` and `metadata`.
 */
function withOpenInferenceContext<T>(
  values: { session: string; user: string; metadata: object },
  fn: () => T,
): T {
  const key = (name: string) => createContextKey(`OpenInference SDK Context Key ${name}`)
  const ctx = context
    .active()
    .setValue(key('session.id'), values.session)
    .setValue(key('user.id'), values.user)
    .setValue(key('metadata'), JSON.stringify(values.metadata))
  return context.with(ctx, fn)
}

describe('OpenInference (@arizeai/openinference-instrumentation-openai) into the collector', () => {
  it.each(encodings)(
    'records LLM spans as calls and leaves app spans out, over OTLP/%s',
    async (encoding) => {
      const provider = harness.tracerProvider(encoding)
      instrumentation.setTracerProvider(provider)
      const openai = new OpenAI({ baseURL: `${harness.llm.url}/v1`, apiKey: 'test', maxRetries: 0 })
      const useCase = `openinference-${encoding}`
      const request = {
        model: 'gpt-4o-mini',
        messages: [{ role: 'user' as const, content: 'Where is my invoice?' }],
      }

      const plain = await withOpenInferenceContext(
        { session: 'sess-1', user: 'user-1', metadata: { use_case: useCase } },
        async () => {
          // An app step around the call, as OpenInference's CHAIN spans are: kept as a span, not counted.
          const chain = provider.getTracer('app').startSpan('answer-ticket', {
            attributes: {
              'openinference.span.kind': 'CHAIN',
              metadata: JSON.stringify({ use_case: useCase }),
            },
          })
          const plain = await openai.chat.completions.create(request)
          // Usage of streamed answers is not read by this version: the call counts, its cost is unknown.
          const stream = await openai.chat.completions.create({
            ...request,
            stream: true,
            stream_options: { include_usage: true },
          })
          for await (const _chunk of stream) {
            // drain
          }
          // No failed call here: 4.2.7 never ends the span of a request the API rejects, so it is never exported.
          chain.end()
          return plain
        },
      )
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
    },
  )
})
