/**
 * Captured content as the API returns it: GenAI messages JSON
 * (`[{role, parts: [{type: 'text', content} | {type: 'tool_call', name,
 * arguments} | {type: 'tool_call_response', response} | …]}]`), whatever
 * instrumentation captured it. Read defensively: it is app data, possibly
 * cut by the SDK's length limit, so anything that is not that shape is shown
 * as the raw text rather than dropped.
 */

export type MessagePart =
  | { kind: 'text'; text: string }
  | { kind: 'tool_call'; name: string; id: string | null; body: string }
  | { kind: 'tool_result'; id: string | null; body: string }
  | { kind: 'other'; type: string; body: string }

export interface ChatMessage {
  role: string
  parts: MessagePart[]
  finishReason: string | null
}

export type ParsedContent = { kind: 'messages'; messages: ChatMessage[] } | { kind: 'raw'; text: string }

/** JSON a person can read: strings as they are, anything else indented. */
function readable(value: unknown): string {
  if (typeof value === 'string') return value
  if (value === undefined) return ''
  return JSON.stringify(value, null, 2)
}

function partOf(value: unknown): MessagePart {
  if (typeof value === 'string') return { kind: 'text', text: value }
  if (typeof value !== 'object' || value === null)
    return { kind: 'other', type: typeof value, body: readable(value) }
  const part = value as Record<string, unknown>
  const type = typeof part.type === 'string' ? part.type : 'unknown'
  const id = typeof part.id === 'string' ? part.id : null
  if ((type === 'text' || type === 'reasoning') && typeof part.content === 'string')
    return type === 'text'
      ? { kind: 'text', text: part.content }
      : { kind: 'other', type, body: part.content }
  if (type === 'tool_call')
    return { kind: 'tool_call', name: String(part.name ?? 'tool'), id, body: readable(part.arguments) }
  if (type === 'tool_call_response') return { kind: 'tool_result', id, body: readable(part.response) }
  const { type: _type, ...rest } = part
  return { kind: 'other', type, body: readable(rest) }
}

function messageOf(value: unknown): ChatMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const message = value as Record<string, unknown>
  const role = typeof message.role === 'string' ? message.role : 'unknown'
  const finishReason = typeof message.finish_reason === 'string' ? message.finish_reason : null
  if (Array.isArray(message.parts)) return { role, parts: message.parts.map(partOf), finishReason }
  // Some sources send OpenAI-style `content` strings.
  if (typeof message.content === 'string')
    return { role, parts: [{ kind: 'text', text: message.content }], finishReason }
  return undefined
}

export function parseMessages(json: string): ParsedContent {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return { kind: 'raw', text: json }
  }
  if (!Array.isArray(value)) return { kind: 'raw', text: json }
  const messages: ChatMessage[] = []
  for (const item of value) {
    const message = messageOf(item)
    if (!message) return { kind: 'raw', text: json }
    messages.push(message)
  }
  return { kind: 'messages', messages }
}
