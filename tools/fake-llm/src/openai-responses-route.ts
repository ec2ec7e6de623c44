import type { FakeExchange, FakeRoute } from './fake-llm-server.js'
import { answerFor, type FakeOpenAiAnswer, promptText, textDeltas } from './openai-answer.js'
import { playOpenAiFault, sendOpenAiAnswer, streamOpenAiAnswer } from './openai-wire.js'

/**
 * `POST /v1/responses`, plain and `stream: true`. The stream carries the
 * Responses API's typed events (`event: <type>` + `data: {type, sequence_number, …}`):
 * `response.created`, `response.in_progress`, the output item and content part
 * events around `response.output_text.delta`s, then `response.completed` (or
 * `response.incomplete`) with the final response and its usage. No `[DONE]`.
 */
export function responsesRoute(now: () => number): FakeRoute {
  return async (exchange) => {
    const { body } = exchange
    const streaming = body.stream === true
    const cut = playOpenAiFault(exchange, streaming)
    if (cut === 'done') return
    const instructions = typeof body.instructions === 'string' ? body.instructions : ''
    const prompt = [instructions, promptText(body.input)].filter((text) => text !== '').join('\n')
    const answer = answerFor(String(body.model ?? ''), prompt, body.max_output_tokens)
    const createdAt = Math.floor(now() / 1000)
    if (!streaming) {
      sendOpenAiAnswer(exchange, answer, responseObject(exchange, answer, createdAt, 'final'))
      return
    }
    await streamResponse(exchange, answer, createdAt, cut)
  }
}

async function streamResponse(
  exchange: FakeExchange,
  answer: FakeOpenAiAnswer,
  createdAt: number,
  cutAfter: number | undefined,
): Promise<void> {
  const started = responseObject(exchange, answer, createdAt, 'in_progress')
  const final = responseObject(exchange, answer, createdAt, 'final')
  const item = messageItem(answer)
  const at = { item_id: item.id, output_index: 0, content_index: 0 }
  const events: Array<Record<string, unknown>> = [
    { type: 'response.created', response: started },
    { type: 'response.in_progress', response: started },
  ]
  if (answer.finishReason !== 'content_filter') {
    const part = { type: 'output_text', text: '', annotations: [], logprobs: [] }
    events.push(
      {
        type: 'response.output_item.added',
        output_index: 0,
        item: { ...item, status: 'in_progress', content: [] },
      },
      { type: 'response.content_part.added', ...at, part },
      ...textDeltas(answer.text).map((delta) => ({
        type: 'response.output_text.delta',
        ...at,
        delta,
        logprobs: [],
      })),
      { type: 'response.output_text.done', ...at, text: answer.text, logprobs: [] },
      { type: 'response.content_part.done', ...at, part: { ...part, text: answer.text } },
      { type: 'response.output_item.done', output_index: 0, item },
    )
  }
  events.push({
    type: final.status === 'completed' ? 'response.completed' : 'response.incomplete',
    response: final,
  })
  const numbered = events.map((event, sequence) => ({
    data: { ...event, sequence_number: sequence },
    event: String(event.type),
  }))
  await streamOpenAiAnswer(exchange, answer, cutAfter, numbered, false)
}

function responseObject(
  exchange: FakeExchange,
  answer: FakeOpenAiAnswer,
  createdAt: number,
  stage: 'in_progress' | 'final',
): Record<string, unknown> & { status: string } {
  const { body } = exchange
  const incompleteReason =
    answer.finishReason === 'length'
      ? 'max_output_tokens'
      : answer.finishReason === 'content_filter'
        ? 'content_filter'
        : undefined
  const final = stage === 'final'
  const status = !final ? 'in_progress' : incompleteReason === undefined ? 'completed' : 'incomplete'
  return {
    id: `resp_${answer.idSuffix}`,
    object: 'response',
    created_at: createdAt,
    status,
    background: false,
    error: null,
    incomplete_details: final && incompleteReason !== undefined ? { reason: incompleteReason } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: answer.responseModel,
    output: final && answer.finishReason !== 'content_filter' ? [messageItem(answer)] : [],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: true,
    temperature: body.temperature ?? 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
    usage: final ? usage(answer) : null,
    user: null,
    metadata: {},
  }
}

function messageItem(answer: FakeOpenAiAnswer) {
  return {
    id: `msg_${answer.idSuffix}`,
    type: 'message',
    status: answer.finishReason === 'stop' ? 'completed' : 'incomplete',
    role: 'assistant',
    content: [{ type: 'output_text', text: answer.text, annotations: [], logprobs: [] }],
  }
}

function usage(answer: FakeOpenAiAnswer): Record<string, unknown> {
  return {
    input_tokens: answer.promptTokens,
    input_tokens_details: { cached_tokens: answer.cachedTokens },
    output_tokens: answer.completionTokens,
    output_tokens_details: { reasoning_tokens: answer.reasoningTokens },
    total_tokens: answer.promptTokens + answer.completionTokens,
  }
}
