import type { FakeExchange, FakeRoute } from './fake-llm-server.js'
import { answerFor, type FakeOpenAiAnswer, promptText, textDeltas } from './openai-answer.js'
import { playOpenAiFault, sendOpenAiAnswer, streamOpenAiAnswer } from './openai-wire.js'

/**
 * `POST /v1/chat/completions`, plain and `stream: true`. The stream is what
 * OpenAI sends: a role chunk, one chunk per delta, a chunk with the finish
 * reason, and only when `stream_options.include_usage` is true, a last chunk
 * with `choices: []` and the usage (every other chunk then carries
 * `usage: null`); then `data: [DONE]`.
 */
export function chatCompletionsRoute(now: () => number): FakeRoute {
  return async (exchange) => {
    const { body } = exchange
    const streaming = body.stream === true
    const cut = playOpenAiFault(exchange, streaming)
    if (cut === 'done') return
    const answer = answerFor(
      String(body.model ?? ''),
      promptText(body.messages),
      body.max_completion_tokens ?? body.max_tokens,
    )
    const created = Math.floor(now() / 1000)
    if (!streaming) {
      sendOpenAiAnswer(exchange, answer, completion(answer, created))
      return
    }
    await streamCompletion(exchange, answer, created, cut)
  }
}

function completion(answer: FakeOpenAiAnswer, created: number): Record<string, unknown> {
  return {
    ...envelope(answer, created, 'chat.completion'),
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: answer.finishReason === 'content_filter' ? null : answer.text,
          refusal: null,
          annotations: [],
        },
        logprobs: null,
        finish_reason: answer.finishReason,
      },
    ],
    usage: usage(answer),
  }
}

async function streamCompletion(
  exchange: FakeExchange,
  answer: FakeOpenAiAnswer,
  created: number,
  cutAfter: number | undefined,
): Promise<void> {
  const streamOptions = exchange.body.stream_options as { include_usage?: unknown } | undefined
  const includeUsage = streamOptions?.include_usage === true
  const base = {
    ...envelope(answer, created, 'chat.completion.chunk'),
    ...(includeUsage ? { usage: null } : {}),
  }
  const choice = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  })
  const chunks: Array<Record<string, unknown>> = [
    choice({ role: 'assistant', content: '', refusal: null }),
    ...textDeltas(answer.text).map((content) => choice({ content })),
    choice({}, answer.finishReason),
  ]
  if (includeUsage) chunks.push({ ...base, choices: [], usage: usage(answer) })
  await streamOpenAiAnswer(
    exchange,
    answer,
    cutAfter,
    chunks.map((data) => ({ data })),
    true,
  )
}

function envelope(answer: FakeOpenAiAnswer, created: number, object: string): Record<string, unknown> {
  return {
    id: `chatcmpl-${answer.idSuffix}`,
    object,
    created,
    model: answer.responseModel,
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
  }
}

function usage(answer: FakeOpenAiAnswer): Record<string, unknown> {
  return {
    prompt_tokens: answer.promptTokens,
    completion_tokens: answer.completionTokens,
    total_tokens: answer.promptTokens + answer.completionTokens,
    prompt_tokens_details: { cached_tokens: answer.cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: answer.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  }
}
