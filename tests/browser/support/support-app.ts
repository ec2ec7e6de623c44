import type { FakeLlmServer } from '@vigil/fake-llm'
import {
  type CallIds,
  flush,
  getCallIds,
  init,
  observeOpenAI,
  recordCorrection,
  recordEscalation,
  recordFeedback,
  recordOutcome,
  withContext,
  withFallback,
} from '@vigil/sdk'
import OpenAI from 'openai'

/**
 * A small support app's traffic, sent the way a real app sends it: the real
 * `openai` client wrapped by the SDK, talking to the fake LLM, plus what the
 * agents and users said about the answers through the SDK's record*
 * functions. Two use cases, two models, failures, streams, one fallback
 * chain (a trace of three spans), feedback, a correction, an escalation.
 */

export interface SupportAppTraffic {
  /** Epoch ms just before the first call. */
  startedMs: number
  /** Epoch ms just after the last call was acknowledged. */
  endedMs: number
  /** Calls (LLM spans) sent. */
  calls: number
  /** The attempt that served the fallback chain: a call whose trace also holds the chain and the failed attempt. */
  fallbackServed: CallIds
  useCases: string[]
}

const ticket = (n: number, question = 'where is my refund?') => [
  { role: 'user' as const, content: `Ticket T-${n}: ${question}` },
]
/** The one question about an invoice: a content search for `invoice` finds only the fallback chain's calls. */
export const INVOICE_QUESTION = 'my invoice shows the wrong amount'

export async function sendSupportAppTraffic(options: {
  collectorUrl: string
  apiKey: string
  llm: FakeLlmServer
}): Promise<SupportAppTraffic> {
  const { llm } = options
  const startedMs = Date.now()
  init({
    endpoint: options.collectorUrl,
    apiKey: options.apiKey,
    serviceName: 'support-app',
    environment: 'production',
    scheduledDelayMillis: 50,
    captureContent: true,
  })
  const openai = observeOpenAI(new OpenAI({ baseURL: `${llm.url}/v1`, apiKey: 'test', maxRetries: 0 }))
  let calls = 0

  // Triage: gpt-4o-mini, half of it streamed (time to first token), users react to the answers.
  const triage: CallIds[] = []
  for (let n = 1; n <= 8; n++) {
    await withContext({ useCase: 'ticket-triage', subjectId: `T-${n}`, promptVersion: 'v2' }, async () => {
      if (n % 2 === 0) {
        const stream = await openai.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: ticket(n),
          stream: true,
        })
        for await (const _chunk of stream) {
          // Read to the end: the call ends with the stream.
        }
        return
      }
      const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: ticket(n) })
      const ids = getCallIds(completion)
      if (ids) triage.push(ids)
    })
    calls++
  }

  // Reply drafts: gpt-4o, two of them failing at the provider.
  const drafts: CallIds[] = []
  for (let n = 1; n <= 5; n++) {
    if (n === 2 || n === 4)
      llm.enqueueFault({ kind: 'status', status: 500, message: 'The server had an error' })
    await withContext({ useCase: 'reply-draft', subjectId: `T-${n}`, promptVersion: 'v1' }, async () => {
      try {
        const completion = await openai.chat.completions.create({ model: 'gpt-4o', messages: ticket(n) })
        const ids = getCallIds(completion)
        if (ids) drafts.push(ids)
      } catch {
        // The app shows its own error; Vigil recorded the failed call.
      }
    })
    calls++
  }

  // A fallback chain: the primary model is rate limited, the cheaper one answers.
  llm.enqueueFault({ kind: 'status', status: 429, retryAfterSeconds: 1, message: 'Rate limit reached' })
  const served = await withContext({ useCase: 'reply-draft', subjectId: 'T-9', promptVersion: 'v1' }, () =>
    withFallback(
      [
        {
          name: 'primary',
          run: (signal) =>
            openai.chat.completions.create(
              { model: 'gpt-4o', messages: ticket(9, INVOICE_QUESTION) },
              { signal },
            ),
        },
        {
          name: 'cheaper',
          run: (signal) =>
            openai.chat.completions.create(
              { model: 'gpt-4o-mini', messages: ticket(9, INVOICE_QUESTION) },
              { signal },
            ),
        },
      ],
      { name: 'support-reply' },
    ),
  )
  calls += 2
  const fallbackServed = getCallIds(served)
  if (!fallbackServed) throw new Error('the SDK gave no ids for the answer of the fallback chain')

  const [t1, t2, t3, t4] = triage
  const [d1] = drafts
  if (!t1 || !t2 || !t3 || !t4 || !d1) throw new Error('the SDK gave no ids for some completions')
  recordFeedback({ ...t1, thumb: 'up' })
  recordFeedback({ ...t2, thumb: 'up' })
  recordFeedback({ ...t3, rating: 5 })
  recordFeedback({ ...t4, thumb: 'down', comment: 'Wrong category' })
  recordEscalation({ ...t4, reason: 'low_confidence' })
  recordCorrection({ ...d1, changeRatio: 0.35, author: 'agent-7' })
  recordOutcome({ subjectId: 'T-1', useCase: 'ticket-triage', name: 'ticket_resolved' })

  if (!(await flush())) throw new Error('the SDK could not deliver every span and signal to the collector')
  return {
    startedMs,
    endedMs: Date.now(),
    calls,
    fallbackServed,
    useCases: ['ticket-triage', 'reply-draft'],
  }
}
