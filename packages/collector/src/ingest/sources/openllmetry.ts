import type { Attributes, OtlpSpan } from '../../otlp/otlp-types.js'
import { asString, first, hasKeyWithPrefix, indexedEntries, withPrefix } from '../attribute-values.js'
import type { CallFacts } from '../call-facts.js'
import {
  type GenAiMessage,
  type GenAiPart,
  messagesJson,
  textPart,
  toolArguments,
} from '../gen-ai-messages.js'
import type { CallSource } from './call-source.js'
import { readFreeFormContext } from './free-form-context.js'
import { isGenAiCall } from './otel-genai.js'

/**
 * OpenLLMetry (Traceloop, traceloop/openllmetry and openllmetry-js). Recent
 * versions follow the GenAI conventions; older ones and the Python packages
 * still send `llm.request.type`, `llm.usage.total_tokens`, capitalized
 * `gen_ai.system` ("Anthropic") and content as flat indexed attributes
 * (`gen_ai.prompt.{i}.role/content`, `gen_ai.completion.{i}.*`). Workflow,
 * task, agent and tool spans (`traceloop.span.kind`) are not model calls.
 */

/** `llm.request.type` values (LLMRequestTypeValues) and the operation each means. */
const requestTypes: Record<string, string> = {
  chat: 'chat',
  completion: 'text_completion',
  embedding: 'embeddings',
  rerank: 'rerank',
}

export const openLlmetrySource: CallSource = {
  name: 'openllmetry',
  recognizes(span: OtlpSpan): boolean {
    const attrs = span.attributes
    return (
      span.scope.name.startsWith('@traceloop/') ||
      attrs['llm.request.type'] !== undefined ||
      attrs['llm.usage.total_tokens'] !== undefined ||
      attrs['gen_ai.prompt.0.content'] !== undefined ||
      attrs['gen_ai.completion.0.content'] !== undefined ||
      hasKeyWithPrefix(attrs, 'traceloop.')
    )
  },
  isCall(span: OtlpSpan): boolean {
    if (span.attributes['traceloop.span.kind'] !== undefined) return false
    return asString(span.attributes['llm.request.type']) in requestTypes || isGenAiCall(span)
  },
  read(span: OtlpSpan): Partial<CallFacts> {
    const attrs = span.attributes
    const context = readFreeFormContext(withPrefix(attrs, 'traceloop.association.properties'))
    const completions = indexedEntries(attrs, 'gen_ai.completion')
    return {
      ...context,
      // A Traceloop workflow names the feature the calls inside it serve.
      useCase: context.useCase || asString(attrs['traceloop.workflow.name']),
      operation: attrs['gen_ai.operation.name'] === undefined ? operationOf(span) : '',
      // Only when the convention's own message attributes are absent.
      inputContent: attrs['gen_ai.input.messages']
        ? ''
        : messagesJson(indexedEntries(attrs, 'gen_ai.prompt').map(legacyMessage)),
      outputContent: attrs['gen_ai.output.messages'] ? '' : messagesJson(completions.map(legacyMessage)),
      finishReasons: completions.map((c) => asString(c.finish_reason)).filter((r) => r !== ''),
    }
  },
}

function operationOf(span: OtlpSpan): string {
  const type = asString(span.attributes['llm.request.type'])
  // The Python Anthropic package labels Messages calls "completion" on spans named `anthropic.chat`.
  if (type === 'completion' && span.name.endsWith('.chat')) return 'chat'
  return requestTypes[type] ?? ''
}

/** `{role, content, tool_calls.{j}.*, finish_reason}` → a GenAI message. */
function legacyMessage(entry: Attributes): GenAiMessage {
  const parts: GenAiPart[] = contentParts(first(entry, ['content']))
  for (const call of indexedEntries(entry, 'tool_calls')) {
    const id = asString(call.id)
    parts.push({
      type: 'tool_call',
      ...(id ? { id } : {}),
      name: asString(call.name),
      arguments: toolArguments(call.arguments),
    })
  }
  const toolCallId = asString(entry.tool_call_id)
  const role = asString(entry.role) || 'assistant'
  const message: GenAiMessage =
    role === 'tool' && toolCallId
      ? { role, parts: [{ type: 'tool_call_response', id: toolCallId, response: asString(entry.content) }] }
      : { role, parts }
  const finish = asString(entry.finish_reason)
  if (finish) message.finish_reason = finish
  return message
}

/** Content is text, or (Anthropic) a JSON list of content blocks. */
function contentParts(content: Attributes[string] | undefined): GenAiPart[] {
  const text = asString(content)
  if (text === '') return []
  if (text.startsWith('[')) {
    try {
      const blocks: unknown = JSON.parse(text)
      if (Array.isArray(blocks)) return blocks.map(blockPart)
    } catch {
      // Plain text that happens to start with '['.
    }
  }
  return [textPart(text)]
}

function blockPart(block: unknown): GenAiPart {
  if (typeof block === 'string') return textPart(block)
  const b = (block ?? {}) as Record<string, unknown>
  if (b.type === 'text' && typeof b.text === 'string') return textPart(b.text)
  return { ...b, type: typeof b.type === 'string' ? b.type : 'unknown' }
}
