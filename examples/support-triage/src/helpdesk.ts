import type { Ticket } from './tickets.js'

interface Outcome {
  kind: 'outcome'
  idempotencyKey: string
  subjectId: string
  useCase: string
  name: string
  value: number
  author: string
}

/**
 * The ticketing system, not the app: when a ticket is closed, its webhook
 * tells Vigil (`POST /api/v1/signals`, a key with the `ingest` scope) that it
 * was resolved and how many minutes the drafted reply saved. It batches, and
 * like real webhooks it sometimes delivers a batch twice: the idempotency
 * keys make the second delivery count for nothing.
 */
export class Helpdesk {
  private pending: Outcome[] = []
  delivered = 0

  constructor(
    private readonly url: string,
    private readonly apiKey: string,
    private readonly random: () => number,
  ) {}

  close(ticket: Ticket, minutesSaved: number): void {
    const common = {
      kind: 'outcome',
      subjectId: ticket.id,
      useCase: 'reply-draft',
      author: 'helpdesk',
    } as const
    this.pending.push(
      { ...common, idempotencyKey: `${ticket.id}:resolved`, name: 'ticket_resolved', value: 1 },
      { ...common, idempotencyKey: `${ticket.id}:minutes_saved`, name: 'minutes_saved', value: minutesSaved },
    )
  }

  /** Delivers the closed tickets' outcomes (at most 1,000 per request, as the API takes). */
  async deliver(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.slice(0, 1000)
      const times = this.random() < 0.1 ? 2 : 1
      for (let i = 0; i < times; i++) {
        const response = await fetch(`${this.url}/api/v1/signals`, {
          method: 'POST',
          headers: { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ signals: batch }),
        })
        if (!response.ok) {
          console.error(`helpdesk webhook: ${response.status} ${await response.text()}`)
          return
        }
      }
      this.pending = this.pending.slice(batch.length)
      this.delivered += batch.length
    }
  }
}
