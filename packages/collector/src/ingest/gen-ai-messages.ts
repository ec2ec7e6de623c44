/**
 * The GenAI conventions' message shape (`gen_ai.input.messages`,
 * `gen_ai.output.messages`: `[{role, parts: [{type: "text", content}…],
 * finish_reason?}]`), the one form `input_content` / `output_content` hold,
 * so the dashboard reads one format whatever instrumentation captured it.
 */

export type GenAiPart =
  | { type: 'text'; content: string }
  | { type: 'tool_call'; id?: string; name: string; arguments?: unknown }
  | { type: 'tool_call_response'; id?: string; response: unknown }
  | { type: string; [key: string]: unknown }

export interface GenAiMessage {
  role: string
  parts: GenAiPart[]
  finish_reason?: string
}

export function textPart(content: string): GenAiPart {
  return { type: 'text', content }
}

/** Tool-call arguments are objects in the conventions; sources often send them as JSON text. */
export function toolArguments(value: unknown): unknown {
  if (typeof value !== 'string') return value
  try {
    return JSON.parse(value)
  } catch {
    return value
  }
}

/** '' for no messages, so "not captured" stays distinguishable from an empty conversation. */
export function messagesJson(messages: GenAiMessage[]): string {
  return messages.length === 0 ? '' : JSON.stringify(messages)
}

/**
 * The conventions keep system instructions apart (`gen_ai.system_instructions`,
 * a list of parts); `input_content` is one column, so they lead it as a
 * `system` message, as chat APIs that carry them in the history do.
 */
export function withSystemInstructions(inputContent: string, instructions: string): string {
  if (instructions === '') return inputContent
  let parts: unknown
  try {
    parts = JSON.parse(instructions)
  } catch {
    parts = [textPart(instructions)]
  }
  if (!Array.isArray(parts) || parts.length === 0) return inputContent
  let messages: unknown = []
  if (inputContent !== '') {
    try {
      messages = JSON.parse(inputContent)
    } catch {
      return inputContent
    }
  }
  if (!Array.isArray(messages)) return inputContent
  return JSON.stringify([{ role: 'system', parts }, ...messages])
}
