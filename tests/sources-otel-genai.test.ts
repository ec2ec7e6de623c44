import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import { encodings, gpt4oMini, useSourcesHarness } from './support/sources-harness.js'

// Spans an app or an instrumentation following only the GenAI conventions would
// send (the real OpenTelemetry SDK and exporters; no GenAI library needed).
const harness = useSourcesHarness('otel-genai')

describe('GenAI semantic conventions into the collector', () => {
  it.each(encodings)(
    'prices current and deprecated names and skips agent and tool spans, over OTLP/%s',
    async (encoding) => {
      const environment = `semconv-${encoding}`
      const provider = harness.tracerProvider(encoding, { 'deployment.environment.name': environment })
      const tracer = provider.getTracer('my-genai-instrumentation')

      // An in-process agent (INTERNAL invoke_agent) and its tool: spans, not calls.
      const agent = tracer.startSpan('invoke_agent support', {
        kind: SpanKind.INTERNAL,
        attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support' },
      })
      const inAgent = trace.setSpan(context.active(), agent)
      tracer
        .startSpan(
          'chat gpt-4o-mini',
          {
            kind: SpanKind.CLIENT,
            attributes: {
              'gen_ai.operation.name': 'chat',
              'gen_ai.provider.name': 'openai',
              'gen_ai.request.model': 'gpt-4o-mini',
              'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
              'gen_ai.usage.input_tokens': 2000,
              'gen_ai.usage.cache_read.input_tokens': 1500,
              'gen_ai.usage.output_tokens': 100,
              'gen_ai.response.time_to_first_chunk': 0.2,
            },
          },
          inAgent,
        )
        .end()
      tracer
        .startSpan(
          'execute_tool get_order',
          {
            kind: SpanKind.INTERNAL,
            attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_order' },
          },
          inAgent,
        )
        .end()
      // Deprecated names many instrumentations still send.
      tracer
        .startSpan(
          'chat gpt-4o-mini',
          {
            kind: SpanKind.CLIENT,
            attributes: {
              'gen_ai.system': 'openai',
              'gen_ai.request.model': 'gpt-4o-mini',
              'gen_ai.usage.prompt_tokens': 300,
              'gen_ai.usage.completion_tokens': 50,
            },
          },
          inAgent,
        )
        .end()
      const failed = tracer.startSpan(
        'chat gpt-4o-mini',
        {
          kind: SpanKind.CLIENT,
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.request.model': 'gpt-4o-mini',
            'error.type': 'timeout',
          },
        },
        inAgent,
      )
      failed.setStatus({ code: SpanStatusCode.ERROR })
      failed.end()
      agent.end()
      await provider.forceFlush()

      const summary = await harness.summary({ environment })
      expect(summary).toMatchObject({
        calls: 3,
        errors: 1,
        costUnknownCalls: 1,
        tokens: { input: 2300, output: 150 },
      })
      // Cached input is part of the 2000 input tokens, priced at its own rate, never added on top.
      const expected =
        (2000 - 1500) * gpt4oMini.input +
        1500 * gpt4oMini.cachedInput +
        100 * gpt4oMini.output +
        300 * gpt4oMini.input +
        50 * gpt4oMini.output
      expect(summary.costUsd).toBeCloseTo(expected, 12)
    },
  )
})
