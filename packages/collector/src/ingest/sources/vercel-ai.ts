import type { Attributes, OtlpSpan } from '../../otlp/otlp-types.js'
import {
  asCount,
  asNumber,
  asRecord,
  asString,
  asStringList,
  first,
  hasKeyWithPrefix,
  parseJson,
  withPrefix,
} from '../attribute-values.js'
import type { CallFacts } from '../call-facts.js'
import {
  type GenAiMessage,
  type GenAiPart,
  messagesJson,
  textPart,
  toolArguments,
} from '../gen-ai-messages.js'
import { normalizeProvider } from '../provider-name.js'
import type { CallSource } from './call-source.js'
import { readFreeFormContext } from './free-form-context.js'

/**
 * The Vercel AI SDK (`experimental_telemetry`, ai-sdk.dev/docs/ai-sdk-core/telemetry).
 * Each function has an outer span (`ai.generateText`, `ai.streamText`,
 * `ai.embed`…) around one inner span per provider request
 * (`ai.generateText.doGenerate`, `….doStream`, `….doEmbed`). Both carry
 * usage, the outer one summed over steps, so only the inner span is the call;
 * the outer one is kept as a span. Token names changed between majors:
 * `ai.usage.promptTokens` / `completionTokens` (v4), `inputTokens` /
 * `outputTokens` + `cachedInputTokens` (v5), plus `inputTokenDetails.*` (v6).
 * The operation is read from `ai.operationId`, not the span name: Traceloop's
 * SDK renames these spans (`text.generate`, `run.ai`) and moves some `ai.*`
 * attributes to its own names, which the other readers pick up.
 */
const callOperation = /\.do(Generate|Stream|Embed|Rerank)$/

export const vercelAiSource: CallSource = {
  name: 'vercel-ai',
  recognizes: (span: OtlpSpan) =>
    typeof span.attributes['ai.operationId'] === 'string' ||
    (span.name.startsWith('ai.') && hasKeyWithPrefix(span.attributes, 'ai.')),
  isCall: (span: OtlpSpan) => callOperation.test(operationId(span)),
  read(span: OtlpSpan): Partial<CallFacts> {
    const attrs = span.attributes
    const operation = operationId(span)
    const modelId = asString(attrs['ai.model.id'])
    const provider = providerOf(asString(attrs['ai.model.provider']), modelId)
    const meta = asRecord(attrs['ai.response.providerMetadata'])
    const anthropic = asRecord(meta.anthropic as Attributes[string])
    const openai = asRecord(meta.openai as Attributes[string])
    // v6 splits usage into details and counts cache inside `inputTokens`; before it,
    // the Anthropic provider passed Anthropic's `input_tokens`, which leaves cache out.
    const v6Usage =
      hasKeyWithPrefix(attrs, 'ai.usage.inputTokenDetails.') ||
      hasKeyWithPrefix(attrs, 'ai.usage.outputTokenDetails.')
    // Traceloop's SDK, when installed too, moves `ai.telemetry.metadata.*` to its association properties.
    const context = readFreeFormContext({
      ...withPrefix(attrs, 'traceloop.association.properties'),
      ...withPrefix(attrs, 'ai.telemetry.metadata'),
    })
    return {
      ...context,
      // `functionId` is how the SDK's docs tell apps to name the feature a call serves.
      useCase: context.useCase || asString(attrs['ai.telemetry.functionId']),
      operation: operation.endsWith('.doEmbed')
        ? 'embeddings'
        : operation.endsWith('.doRerank')
          ? 'rerank'
          : 'chat',
      provider,
      requestModel: modelId,
      responseModel: asString(attrs['ai.response.model']),
      inputTokens: asCount(
        first(attrs, ['ai.usage.inputTokens', 'ai.usage.promptTokens', 'ai.usage.tokens']),
      ),
      outputTokens: asCount(first(attrs, ['ai.usage.outputTokens', 'ai.usage.completionTokens'])),
      totalTokens: asCount(attrs['ai.usage.totalTokens']),
      cacheReadTokens:
        asCount(first(attrs, ['ai.usage.inputTokenDetails.cacheReadTokens', 'ai.usage.cachedInputTokens'])) ??
        metaCount(anthropic.cacheReadInputTokens) ??
        metaCount(openai.cachedPromptTokens),
      cacheCreationTokens:
        asCount(attrs['ai.usage.inputTokenDetails.cacheWriteTokens']) ??
        metaCount(anthropic.cacheCreationInputTokens),
      reasoningTokens:
        asCount(first(attrs, ['ai.usage.outputTokenDetails.reasoningTokens', 'ai.usage.reasoningTokens'])) ??
        metaCount(openai.reasoningTokens),
      inputExcludesCache: !v6Usage && provider === 'anthropic',
      ttftMs: asNumber(attrs['ai.response.msToFirstChunk']),
      responseId: asString(attrs['ai.response.id']),
      finishReasons: asStringList(attrs['ai.response.finishReason']),
      inputContent: messagesJson(
        promptMessages(attrs['ai.prompt.messages']).concat(embedValues(attrs['ai.values'])),
      ),
      outputContent: messagesJson(responseMessages(attrs)),
    }
  },
}

function operationId(span: OtlpSpan): string {
  return asString(span.attributes['ai.operationId']) || span.name
}

/** `openai.chat` → `openai`; the AI Gateway (`gateway`) names the provider in the model id (`openai/gpt-4o`). */
function providerOf(provider: string, modelId: string): string {
  const slash = modelId.indexOf('/')
  if (provider === 'gateway' && slash > 0) return normalizeProvider(modelId.slice(0, slash))
  return normalizeProvider(provider)
}

function metaCount(value: unknown): number | null {
  return typeof value === 'number' || typeof value === 'string' ? asCount(value) : null
}

/** `ai.prompt.messages`: the SDK's prompt (`[{role, content: string | [{type: 'text' | 'tool-call' | …}]}]`). */
function promptMessages(value: Attributes[string] | undefined): GenAiMessage[] {
  const messages = parseJson(value)
  if (!Array.isArray(messages)) return []
  return messages.map((raw) => {
    const m = (raw ?? {}) as { role?: unknown; content?: unknown }
    const content = typeof m.content === 'string' ? [textPart(m.content)] : asArray(m.content).map(sdkPart)
    return { role: typeof m.role === 'string' ? m.role : 'user', parts: content }
  })
}

function sdkPart(raw: unknown): GenAiPart {
  const p = (raw ?? {}) as Record<string, unknown>
  if (p.type === 'text' && typeof p.text === 'string') return textPart(p.text)
  if (p.type === 'tool-call') {
    return {
      type: 'tool_call',
      id: String(p.toolCallId ?? ''),
      name: String(p.toolName ?? ''),
      arguments: toolArguments(p.input ?? p.args),
    }
  }
  if (p.type === 'tool-result')
    return { type: 'tool_call_response', id: String(p.toolCallId ?? ''), response: p.output ?? p.result }
  if (p.type === 'reasoning' && typeof p.text === 'string') return { type: 'reasoning', content: p.text }
  return { type: typeof p.type === 'string' ? p.type : 'unknown' }
}

/** `ai.values` of a `doEmbed` span: the JSON-encoded values embedded, as one user message. */
function embedValues(value: Attributes[string] | undefined): GenAiMessage[] {
  const parts = asStringList(value).map((item) => {
    const parsed = parseJson(item)
    return textPart(typeof parsed === 'string' ? parsed : item)
  })
  return parts.length === 0 ? [] : [{ role: 'user', parts }]
}

/** `ai.response.text` and `ai.response.toolCalls` as one assistant message. */
function responseMessages(attrs: Attributes): GenAiMessage[] {
  const parts: GenAiPart[] = []
  const reasoning = asString(attrs['ai.response.reasoning'])
  if (reasoning) parts.push({ type: 'reasoning', content: reasoning })
  const text = asString(attrs['ai.response.text'])
  if (text) parts.push(textPart(text))
  for (const call of asArray(parseJson(attrs['ai.response.toolCalls'])))
    parts.push(sdkPart({ type: 'tool-call', ...(call as object) }))
  if (parts.length === 0) return []
  const finish = asString(attrs['ai.response.finishReason'])
  return [{ role: 'assistant', parts, ...(finish ? { finish_reason: finish } : {}) }]
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}
