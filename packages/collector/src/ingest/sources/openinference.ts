import type { Attributes, OtlpSpan } from '../../otlp/otlp-types.js'
import { asCount, asNumber, asRecord, asString, asStringList, indexedEntries } from '../attribute-values.js'
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
 * OpenInference (Arize, Arize-ai/openinference `spec/semantic_conventions.md`).
 * `openinference.span.kind` says what a span is: LLM and EMBEDDING spans are
 * model calls; CHAIN, TOOL, AGENT, RETRIEVER, RERANKER, GUARDRAIL, EVALUATOR
 * and PROMPT spans are the app's own steps. Token counts follow the GenAI
 * meaning: `llm.token_count.prompt` includes the `prompt_details` cache counts.
 */
const callKinds = new Set(['LLM', 'EMBEDDING'])

export const openInferenceSource: CallSource = {
  name: 'openinference',
  recognizes: (span: OtlpSpan) => span.attributes['openinference.span.kind'] !== undefined,
  isCall: (span: OtlpSpan) => callKinds.has(kindOf(span)),
  read(span: OtlpSpan): Partial<CallFacts> {
    const attrs = span.attributes
    // The request's model is in the invocation parameters; `llm.model_name` is
    // overwritten with the model that answered once the response arrives.
    const invocationModel = asRecord(attrs['llm.invocation_parameters']).model
    const requested = typeof invocationModel === 'string' ? invocationModel : ''
    const named = asString(attrs['llm.model_name']) || asString(attrs['embedding.model_name'])
    const output = indexedEntries(attrs, 'llm.output_messages').map(message)
    const finishReasons = asStringList(attrs['llm.finish_reason'])
    const context = readFreeFormContext(asRecord(attrs.metadata))
    return {
      ...context,
      // Its own names (set by `setSession`, `setUser`, `setPromptTemplate`) before free-form metadata.
      userId: asString(attrs['user.id']) || context.userId,
      sessionId: asString(attrs['session.id']) || context.sessionId,
      promptVersion: asString(attrs['llm.prompt_template.version']) || context.promptVersion,
      operation: kindOf(span) === 'EMBEDDING' ? 'embeddings' : 'chat',
      provider: providerOf(asString(attrs['llm.provider']), asString(attrs['llm.system'])),
      requestModel: requested || named,
      responseModel: requested ? named : '',
      inputTokens: asCount(attrs['llm.token_count.prompt']),
      outputTokens: asCount(attrs['llm.token_count.completion']),
      totalTokens: asCount(attrs['llm.token_count.total']),
      cacheReadTokens: asCount(attrs['llm.token_count.prompt_details.cache_read']),
      cacheCreationTokens: asCount(attrs['llm.token_count.prompt_details.cache_write']),
      reasoningTokens: asCount(attrs['llm.token_count.completion_details.reasoning']),
      finishReasons,
      inputContent: messagesJson(
        orValue(indexedEntries(attrs, 'llm.input_messages').map(message), attrs['input.value'], 'user'),
      ),
      outputContent: messagesJson(
        withFinishReason(orValue(output, attrs['output.value'], 'assistant'), finishReasons[0]),
      ),
      // The response's id is only inside the JSON `output.value` (the raw API answer), when that is what was captured.
      responseId: stringField(asRecord(attrs['output.value']).id),
      tags: asStringList(attrs['tag.tags']),
      sourceCostUsd: asNumber(attrs['llm.cost.total']),
    }
  },
}

function stringField(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function kindOf(span: OtlpSpan): string {
  return asString(span.attributes['openinference.span.kind']).toUpperCase()
}

/**
 * `llm.provider` is who hosts the model (openai, azure, aws, google…),
 * `llm.system` the model family (openai, anthropic, vertexai…); the
 * conventions' provider name combines both.
 */
function providerOf(provider: string, system: string): string {
  const host = provider.toLowerCase()
  if (host === 'google' && system.toLowerCase() === 'vertexai') return 'gcp.vertex_ai'
  return normalizeProvider(host || system)
}

/** `message.role`, `message.content` or `message.contents.{j}.message_content.*`, `message.tool_calls.{j}.tool_call.*`. */
function message(entry: Attributes): GenAiMessage {
  const role = asString(entry['message.role']) || 'assistant'
  const toolCallId = asString(entry['message.tool_call_id'])
  const content = asString(entry['message.content'])
  if (role === 'tool' && toolCallId) {
    return { role, parts: [{ type: 'tool_call_response', id: toolCallId, response: content }] }
  }
  const parts: GenAiPart[] = content ? [textPart(content)] : []
  for (const item of indexedEntries(entry, 'message.contents')) {
    const type = asString(item['message_content.type'])
    if (type === 'text') parts.push(textPart(asString(item['message_content.text'])))
    else if (type === 'image')
      parts.push({ type: 'uri', modality: 'image', uri: asString(item['message_content.image.image.url']) })
    else if (type) parts.push({ type })
  }
  for (const call of indexedEntries(entry, 'message.tool_calls')) {
    const id = asString(call['tool_call.id'])
    parts.push({
      type: 'tool_call',
      ...(id ? { id } : {}),
      name: asString(call['tool_call.function.name']),
      arguments: toolArguments(call['tool_call.function.arguments']),
    })
  }
  return { role, parts }
}

/** Without message attributes, `input.value` / `output.value` is what the span captured (text or JSON). */
function orValue(
  messages: GenAiMessage[],
  value: Attributes[string] | undefined,
  role: string,
): GenAiMessage[] {
  const text = asString(value)
  return messages.length > 0 || text === '' ? messages : [{ role, parts: [textPart(text)] }]
}

function withFinishReason(messages: GenAiMessage[], reason: string | undefined): GenAiMessage[] {
  const last = messages.at(-1)
  if (last && reason && last.finish_reason === undefined) last.finish_reason = reason
  return messages
}
