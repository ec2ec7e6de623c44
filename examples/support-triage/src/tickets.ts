/** Incoming support tickets the demo app triages; realistic enough to make the numbers mean something. */
export interface Ticket {
  id: string
  customerId: string
  subject: string
  body: string
}

const subjects = [
  ['Charged twice for my subscription', 'I see two charges of $49 on my card this month. Please refund one.'],
  ['Cannot log in after password reset', 'The reset link says expired and now my account is locked.'],
  ['Export to CSV is missing columns', 'The monthly report export drops the region and owner columns.'],
  ['How do I add a teammate?', 'We bought 5 seats but I cannot find where to invite my colleague.'],
  ['App crashes when uploading photos', 'Android 14, the app closes as soon as I pick more than 3 photos.'],
  ['Cancel my plan', 'We are moving to another tool, please cancel at the end of the billing period.'],
  ['Invoice needs our VAT number', 'Our accounting needs the VAT ID on every invoice, can you reissue?'],
  [
    'Webhook deliveries failing',
    'Since yesterday all webhook calls to our endpoint return 401 on your side.',
  ],
  ['Feature request: dark mode', 'Our support team works nights, a dark theme would really help.'],
  ['Data deletion request', 'Under GDPR I request deletion of all personal data for this account.'],
] as const

export function ticketStream(random: () => number): () => Ticket {
  let next = 1
  return () => {
    const [subject, body] = subjects[Math.floor(random() * subjects.length)] ?? subjects[0]
    const id = `T-${String(10_000 + next++)}`
    return { id, customerId: `cust-${1 + Math.floor(random() * 40)}`, subject, body }
  }
}
