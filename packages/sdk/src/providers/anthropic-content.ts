import type { GenAiMessage } from '../llm-call-recorder.js'

type Part = GenAiMessage['parts'][number]

/**
 * Anthropic content in the GenAI conventions' message shape, for
 * `recorder.recordMessages()`. Text, tool calls and tool results map to parts;
 * images, documents and thinking blocks have no GenAI part type in Vigil yet
 * and are left out (never their bytes: a recorded prompt stays small).
 */

/** `system` (a string or text blocks) as system instructions; empty when there is none. */
export function systemInstructions(system: unknown): GenAiMessage[] {
  const parts = toParts(system)
  return parts.length === 0 ? [] : [{ role: 'system', parts }]
}

/** The request's `messages`. */
export function inputMessages(messages: unknown): GenAiMessage[] {
  if (!Array.isArray(messages)) return []
  return messages.map((message) => {
    const { role, content } = asRecord(message)
    return { role: typeof role === 'string' ? role : 'user', parts: toParts(content) }
  })
}

/** The answer's content blocks, with the stop reason as `finish_reason` when known. */
export function outputMessage(content: unknown, stopReason: unknown): GenAiMessage {
  const message: GenAiMessage = { role: 'assistant', parts: toParts(content) }
  if (typeof stopReason === 'string') message.finish_reason = stopReason
  return message
}

function toParts(content: unknown): Part[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', content }]
  if (!Array.isArray(content)) return []
  const parts: Part[] = []
  for (const block of content) {
    const part = toPart(asRecord(block))
    if (part !== undefined) parts.push(part)
  }
  return parts
}

function toPart(block: Record<string, unknown>): Part | undefined {
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? { type: 'text', content: block.text } : undefined
    case 'tool_use':
    case 'server_tool_use':
      return {
        type: 'tool_call',
        id: optionalText(block.id),
        name: String(block.name),
        arguments: block.input,
      }
    case 'tool_result':
      // A tool result is a string or content blocks; blocks keep only what maps to parts.
      return {
        type: 'tool_call_response',
        id: optionalText(block.tool_use_id),
        response: typeof block.content === 'string' ? block.content : toParts(block.content),
      }
    default:
      return undefined
  }
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}
