import { formatCount } from '../../ui/format.js'
import type { TokenCounts } from './call-types.js'
import { isoToEpochMs } from './waterfall-layout.js'

/**
 * Formats specific to calls: a start time short enough for a table column,
 * the precise time for a call's page, and token counts in → out.
 */

const clock: Intl.DateTimeFormatOptions = {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
}

/** "14:03:07" today, "Nov 25 14:03:07" this year, with the year before that (local time). */
export function formatCallTime(iso: string, now = new Date()): string {
  const date = new Date(isoToEpochMs(iso))
  if (Number.isNaN(date.getTime())) return '–'
  const time = date.toLocaleTimeString(undefined, clock)
  if (date.toDateString() === now.toDateString()) return time
  const day = date.toLocaleDateString(undefined, {
    month: 'short',
    day: 'numeric',
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
  })
  return `${day} ${time}`
}

/** The local date and time to the millisecond, for a call's facts. */
export function formatPreciseTime(iso: string): string {
  const date = new Date(isoToEpochMs(iso))
  if (Number.isNaN(date.getTime())) return '–'
  const ms = String(date.getMilliseconds()).padStart(3, '0')
  return `${date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })} ${date.toLocaleTimeString(undefined, clock)}.${ms}`
}

/** "812 → 164"; a side the call did not report is a dash; nothing reported at all is one dash. */
export function formatTokenPair(tokens: Pick<TokenCounts, 'input' | 'output'>): string {
  if (tokens.input === null && tokens.output === null) return '–'
  return `${formatCount(tokens.input)} → ${formatCount(tokens.output)}`
}

/** The parts of a token count worth a second look: cached input, reasoning output. */
export function tokenDetails(tokens: TokenCounts): string {
  const parts: string[] = []
  if (tokens.cacheRead) parts.push(`${formatCount(tokens.cacheRead)} cached`)
  if (tokens.cacheCreation) parts.push(`${formatCount(tokens.cacheCreation)} written to cache`)
  if (tokens.reasoning) parts.push(`${formatCount(tokens.reasoning)} reasoning`)
  return parts.join(', ')
}
