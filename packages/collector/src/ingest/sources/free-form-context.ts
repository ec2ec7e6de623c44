import type { CallFacts } from '../call-facts.js'

/**
 * Keys apps commonly use in free-form context maps: OpenLLMetry's
 * `traceloop.association.properties.*`, the Vercel AI SDK's
 * `ai.telemetry.metadata.*`, OpenInference's `metadata` JSON. These maps have
 * no fixed schema, so only unambiguous spellings are mapped; everything stays
 * in the `attributes` column too.
 */
const keys = {
  userId: ['user_id', 'userId', 'user', 'end_user_id', 'enduser_id'],
  sessionId: [
    'session_id',
    'sessionId',
    'conversation_id',
    'conversationId',
    'chat_id',
    'chatId',
    'thread_id',
    'threadId',
  ],
  useCase: ['use_case', 'useCase', 'feature'],
  subjectId: ['subject_id', 'subjectId'],
  promptVersion: ['prompt_version', 'promptVersion'],
} as const

export function readFreeFormContext(values: Record<string, unknown>): Partial<CallFacts> {
  const pick = (names: readonly string[]) => {
    for (const name of names) {
      const value = values[name]
      if (typeof value === 'string' && value !== '') return value
      if (typeof value === 'number' && Number.isFinite(value)) return String(value)
    }
    return ''
  }
  return {
    userId: pick(keys.userId),
    sessionId: pick(keys.sessionId),
    useCase: pick(keys.useCase),
    subjectId: pick(keys.subjectId),
    promptVersion: pick(keys.promptVersion),
  }
}
