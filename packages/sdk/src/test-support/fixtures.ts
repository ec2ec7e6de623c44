import { type CallIds, getCurrentCallIds } from '../context.js'
import type { LlmCallMeta } from '../observe.js'

/** Meta for a typical chat call; override what the test is about. Test support only. */
export function makeMeta<T = unknown>(overrides: Partial<LlmCallMeta<T>> = {}): LlmCallMeta<T> {
  return { provider: 'openai', model: 'gpt-4o', ...overrides }
}

/** An error shaped like the openai / @anthropic-ai/sdk API errors, which carry the HTTP status. */
export function makeApiError(status: number, message = 'provider error'): Error & { status: number } {
  return Object.assign(new Error(message), { status })
}

/** Every item of a stream, read to its end. */
export async function readAll<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = []
  for await (const item of stream) items.push(item)
  return items
}

/**
 * A `fetch` for a provider client that notes, for each request, the ids of the
 * Vigil call in whose context it is sent: what an app's HTTP instrumentation
 * would see as the active span. Test support only.
 */
export function callIdsSeenByFetch(): { fetch: typeof fetch; seen: Array<CallIds | undefined> } {
  const seen: Array<CallIds | undefined> = []
  return {
    seen,
    fetch: (...args) => {
      seen.push(getCurrentCallIds())
      return fetch(...args)
    },
  }
}
