import {
  type CallIds,
  FallbackRejectedError,
  getCallIds,
  recordEscalation,
  recordScore,
  withContext,
  withFallback,
} from '@vigil/sdk'
import type OpenAI from 'openai'
import type { Ticket } from './tickets.js'

/**
 * The app a team would write: triage an incoming ticket, look up help articles,
 * draft a reply. Vigil appears only as `observeOpenAI` (in main.ts),
 * `withContext`, `withFallback`, and the signals the app knows of itself: it
 * hands some tickets to a person (`recordEscalation`) and has each draft
 * graded by a judge (`recordScore`). What people do with the draft later is
 * in agent-review.ts and helpdesk.ts.
 */
export const categories = ['billing', 'account', 'bug', 'how-to', 'cancellation', 'privacy'] as const
export type Category = (typeof categories)[number]

export interface Triage {
  category: Category
  confidence: number
}

/** A drafted reply and the ids of the model call that wrote it, for the signals about it later. */
export interface Draft {
  text: string
  ids: CallIds | undefined
}

/** Categories a person must handle whatever the model says (policy). */
const humanOnly: ReadonlySet<Category> = new Set(['privacy', 'cancellation'])

const keywords: Record<Category, RegExp> = {
  billing: /charge|refund|invoice|vat|billing/i,
  account: /log in|password|locked|teammate|seat/i,
  bug: /crash|missing|fail|error|401/i,
  'how-to': /how do i|where|feature|dark mode/i,
  cancellation: /cancel/i,
  privacy: /gdpr|deletion|personal data/i,
}

export class SupportTriageApp {
  constructor(
    private readonly openai: OpenAI,
    private readonly random: () => number,
  ) {}

  async handle(ticket: Ticket): Promise<{ triage: Triage; draft: Draft }> {
    const promptVersion = this.random() < 0.5 ? 'triage-v1' : 'triage-v2'
    const triage = await withContext(
      {
        useCase: 'ticket-triage',
        userId: ticket.customerId,
        sessionId: ticket.id,
        subjectId: ticket.id,
        promptVersion,
      },
      () =>
        withFallback<Triage>(
          [
            { name: 'gpt-4o-mini', run: (signal) => this.classify('gpt-4o-mini', ticket, signal) },
            { name: 'gpt-4.1-nano', run: (signal) => this.classify('gpt-4.1-nano', ticket, signal) },
            { name: 'keyword-rules', run: () => keywordTriage(ticket) },
          ],
          // A low-confidence label is worse than a slower one: try the next step.
          { name: 'triage', timeoutMs: 4000, accept: (result) => result.confidence >= 0.45 },
        ).catch((error: unknown) => {
          // Nothing was sure enough: a person triages it (the general queue).
          if (error instanceof FallbackRejectedError) return { category: 'how-to' as const, confidence: 0 }
          throw error
        }),
    )
    // Unsure labels and sensitive categories go to a person, who triages by hand.
    if (triage.confidence < 0.6 || humanOnly.has(triage.category)) {
      recordEscalation({
        subjectId: ticket.id,
        useCase: 'ticket-triage',
        reason: humanOnly.has(triage.category) ? `policy:${triage.category}` : 'low_confidence',
      })
    }
    const draft = await withContext(
      {
        useCase: 'reply-draft',
        userId: ticket.customerId,
        sessionId: ticket.id,
        subjectId: ticket.id,
        tags: [triage.category],
      },
      async () => {
        const articles = await this.searchHelpCenter(ticket)
        return withFallback<Draft>(
          [
            { name: 'gpt-4o', run: (signal) => this.draftReply('gpt-4o', ticket, articles, signal) },
            {
              name: 'gpt-4o-mini',
              run: (signal) => this.draftReply('gpt-4o-mini', ticket, articles, signal),
            },
          ],
          { name: 'reply', timeoutMs: 8000 },
        )
      },
    )
    // An LLM judge grades each draft against the help articles (simulated here).
    recordScore({
      subjectId: ticket.id,
      useCase: 'reply-draft',
      ...draft.ids,
      name: 'relevance',
      value: round(0.55 + this.random() * 0.45),
      source: 'model',
    })
    return { triage, draft }
  }

  private async classify(model: string, ticket: Ticket, signal: AbortSignal): Promise<Triage> {
    const completion = await this.openai.chat.completions.create(
      {
        model,
        temperature: 0,
        max_tokens: 60,
        messages: [
          { role: 'system', content: `Classify the ticket as one of: ${categories.join(', ')}.` },
          { role: 'user', content: `${ticket.subject}\n\n${ticket.body}` },
        ],
      },
      { signal },
    )
    const text = completion.choices[0]?.message.content ?? ''
    const triage = keywordTriage({ ...ticket, body: text })
    // The fake model echoes its input; a real one would return a label and a score.
    return { category: triage.category, confidence: 0.3 + this.random() * 0.7 }
  }

  private async searchHelpCenter(ticket: Ticket): Promise<string[]> {
    await withContext({ useCase: 'kb-search' }, () =>
      this.openai.embeddings.create({
        model: 'text-embedding-3-small',
        input: `${ticket.subject} ${ticket.body}`,
      }),
    )
    return [`How to resolve: ${ticket.subject}`]
  }

  private async draftReply(
    model: string,
    ticket: Ticket,
    articles: string[],
    signal: AbortSignal,
  ): Promise<Draft> {
    const stream = await this.openai.chat.completions.create(
      {
        model,
        stream: true,
        messages: [
          { role: 'system', content: `You are a friendly support agent. Use: ${articles.join('; ')}` },
          { role: 'user', content: ticket.body },
        ],
      },
      { signal },
    )
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
    return { text, ids: getCallIds(stream) }
  }
}

function keywordTriage(ticket: Pick<Ticket, 'subject' | 'body'>): Triage {
  const text = `${ticket.subject} ${ticket.body}`
  const match = categories.find((category) => keywords[category].test(text))
  return { category: match ?? 'how-to', confidence: match ? 0.6 : 0.2 }
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
