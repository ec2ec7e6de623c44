import type { LlmCallMeta } from '../observe.js'

/** Meta for a typical chat call; override what the test is about. Test support only. */
export function makeMeta<T = unknown>(overrides: Partial<LlmCallMeta<T>> = {}): LlmCallMeta<T> {
  return { provider: 'openai', model: 'gpt-4o', ...overrides }
}

/** An error shaped like the openai / @anthropic-ai/sdk API errors, which carry the HTTP status. */
export function makeApiError(status: number, message = 'provider error'): Error & { status: number } {
  return Object.assign(new Error(message), { status })
}
