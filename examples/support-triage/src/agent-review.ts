import { recordCorrection, recordFeedback } from '@vigil/sdk'
import type { Draft } from './support-triage-app.js'
import type { Ticket } from './tickets.js'

const agents = ['agent-ana', 'agent-ben', 'agent-chloe', 'agent-dev']

/**
 * What happens to a drafted reply in the support team's inbox: an agent
 * sends it as it is or edits it first, and the customer may react to the
 * answer. The inbox's backend records both through the SDK, with the ids of
 * the call that wrote the draft. Returns the minutes the draft saved the
 * agent (less when it had to be rewritten), for the helpdesk's outcome.
 */
export function reviewDraft(ticket: Ticket, draft: Draft, random: () => number): number {
  const agent = agents[Math.floor(random() * agents.length)] ?? 'agent-ana'
  // The draft's call by its ids; the ticket and use case too, should the ids be missing.
  const about = { subjectId: ticket.id, useCase: 'reply-draft', ...draft.ids }
  const sent = edit(draft.text, random)
  if (sent !== draft.text) {
    recordCorrection({ ...about, original: draft.text, corrected: sent, author: agent })
  }
  const reacted = random()
  if (reacted < 0.3) {
    recordFeedback({ ...about, thumb: random() < 0.75 ? 'up' : 'down', author: ticket.customerId })
  } else if (reacted < 0.5) {
    recordFeedback({
      ...about,
      rating: 1 + Math.floor(random() * 5),
      comment: random() < 0.5 ? 'Quick answer, thanks' : 'Had to ask twice',
      author: ticket.customerId,
    })
  }
  const written = 12 // minutes an agent takes to write such a reply from scratch
  return sent === draft.text ? written : Math.max(0, Math.round(written * (1 - changed(draft.text, sent))))
}

/** An agent's edit: most drafts go out as they are, some get a greeting or a fix, a few a rewrite. */
function edit(text: string, random: () => number): string {
  const roll = random()
  if (roll < 0.55) return text
  if (roll < 0.8) return `Hi there,\n\n${text}\n\nBest regards`
  if (roll < 0.93) return text.replace(/\.\s[^.]*$/, '. We have escalated this to our billing team.')
  return 'Thanks for reaching out. A colleague will call you today to sort this out.'
}

/** A rough share of the text changed, for the minutes saved (the SDK computes the exact one). */
function changed(original: string, sent: string): number {
  return Math.min(
    1,
    Math.abs(sent.length - original.length) / Math.max(1, original.length, sent.length) + 0.2,
  )
}
