import { createHash } from 'node:crypto'

/**
 * 32 hex characters of SHA-256 over `parts`: the same parts give the same id
 * in any process, so a transition or a notification derived again (a restarted
 * evaluator, a retried tick) gets the id it had the first time.
 */
export function stableId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u001f')).digest('hex').slice(0, 32)
}
