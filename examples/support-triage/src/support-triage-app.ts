import { FallbackRejectedError, withContext, withFallback } from '@vigil/sdk'
import type OpenAI from 'openai'
import type { Ticket } from './tickets.js'

/**
 * The app a team would write: triage an incoming ticket, look up help articles,
 * draft a reply. Vigil appears only as `observeOpenAI` (in main.ts),
 * `withContext` and `withFallback`; the rest is ordinary product code.
 */
export const categories = ['billing', 'account', 'bug', 'how-to', 'cancellation', 'privacy'] as const
export type Category = (typeof categories)[number]

export interface Triage {
  category: Category
  confidence: number
}

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

  async handle(ticket: Ticket): Promise<{ triage: Triage; reply: string }> {
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
    const reply = await withContext(
      {
        useCase: 'reply-draft',
        userId: ticket.customerId,
        sessionId: ticket.id,
        subjectId: ticket.id,
        tags: [triage.category],
      },
      async () => {
        const articles = await this.searchHelpCenter(ticket)
        return withFallback<string>(
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
    return { triage, reply }
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
  ): Promise<string> {
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
    let reply = ''
    for await (const chunk of stream) reply += chunk.choices[0]?.delta.content ?? ''
    return reply
  }
}

function keywordTriage(ticket: Pick<Ticket, 'subject' | 'body'>): Triage {
  const text = `${ticket.subject} ${ticket.body}`
  const match = categories.find((category) => keywords[category].test(text))
  return { category: match ?? 'how-to', confidence: match ? 0.6 : 0.2 }
}
