import type { GenAiMessage } from '../llm-call-recorder.js'
import { isRecord } from './openai-usage.js'

type Part = GenAiMessage['parts'][number]

// OpenAI payloads in the GenAI conventions' message shape, for
// `recordMessages`. Only text, tool calls and tool results are kept: images,
// audio and files have no part type in Vigil's message model yet.

/** Chat Completions `messages` (system and developer messages included, as the conventions ask). */
export function chatInputMessages(messages: unknown): GenAiMessage[] {
  if (!Array.isArray(messages)) return []
  return messages.filter(isRecord).map((message) => {
    const role = typeof message.role === 'string' ? message.role : 'user'
    if (role === 'tool') {
      return {
        role,
        parts: [
          {
            type: 'tool_call_response',
            id: text(message.tool_call_id),
            response: contentText(message.content),
          },
        ],
      }
    }
    return { role, parts: [...textParts(message.content), ...chatToolCalls(message.tool_calls)] }
  })
}

/** One assistant message per choice of a chat completion. */
export function chatOutputMessages(choices: unknown): GenAiMessage[] {
  if (!Array.isArray(choices)) return []
  return choices.filter(isRecord).map((choice) => {
    const message = isRecord(choice.message) ? choice.message : {}
    return withFinishReason(
      { role: 'assistant', parts: [...textParts(message.content), ...chatToolCalls(message.tool_calls)] },
      choice.finish_reason,
    )
  })
}

export function chatToolCalls(toolCalls: unknown): Part[] {
  if (!Array.isArray(toolCalls)) return []
  return toolCalls.filter(isRecord).map((call) => {
    const fn = isRecord(call.function) ? call.function : {}
    return {
      type: 'tool_call',
      id: text(call.id),
      name: text(fn.name) ?? '',
      arguments: parseArguments(fn.arguments),
    }
  })
}

/** Responses API `input`: a string (one user message) or a list of items. */
export function responsesInputMessages(input: unknown): GenAiMessage[] {
  if (typeof input === 'string') return [{ role: 'user', parts: [{ type: 'text', content: input }] }]
  return responsesItems(input, 'user')
}

/** Responses API `output` items, merged into one assistant message. */
export function responsesOutputMessages(output: unknown, finishReason: string | undefined): GenAiMessage[] {
  const parts = responsesItems(output, 'assistant').flatMap((message) => message.parts)
  return parts.length === 0 ? [] : [withFinishReason({ role: 'assistant', parts }, finishReason)]
}

function responsesItems(items: unknown, defaultRole: string): GenAiMessage[] {
  if (!Array.isArray(items)) return []
  const messages: GenAiMessage[] = []
  for (const item of items.filter(isRecord)) {
    if (item.type === 'function_call') {
      const part: Part = {
        type: 'tool_call',
        id: text(item.call_id),
        name: text(item.name) ?? '',
        arguments: parseArguments(item.arguments),
      }
      messages.push({ role: 'assistant', parts: [part] })
    } else if (item.type === 'function_call_output') {
      messages.push({
        role: 'tool',
        parts: [{ type: 'tool_call_response', id: text(item.call_id), response: item.output }],
      })
    } else if (item.type === undefined || item.type === 'message') {
      const role = typeof item.role === 'string' ? item.role : defaultRole
      messages.push({ role, parts: textParts(item.content) })
    }
  }
  return messages
}

/** A string, or content parts of type `text` / `input_text` / `output_text` / `refusal`. */
function textParts(content: unknown): Part[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', content }]
  if (!Array.isArray(content)) return []
  return content.filter(isRecord).flatMap((part): Part[] => {
    const value = typeof part.text === 'string' ? part.text : part.refusal
    return typeof value === 'string' ? [{ type: 'text', content: value }] : []
  })
}

function contentText(content: unknown): string {
  return textParts(content)
    .map((part) => (part.type === 'text' ? part.content : ''))
    .join('')
}

function withFinishReason(message: GenAiMessage, finishReason: unknown): GenAiMessage {
  return typeof finishReason === 'string' ? { ...message, finish_reason: finishReason } : message
}

/** Tool arguments arrive as JSON text; the conventions want the object, or the text when it is not JSON. */
function parseArguments(value: unknown): unknown {
  if (typeof value !== 'string') return value
  try {
    return JSON.parse(value)
  } catch {
    return value
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}
