/**
 * "3 min ago", "in 2 h": how long ago (or until) a time, short enough for a
 * table cell. The exact time goes in a title beside it.
 */
export function timeAgo(iso: string | number | null | undefined, now = Date.now()): string {
  if (iso === null || iso === undefined) return '–'
  const t = typeof iso === 'number' ? iso : Date.parse(iso)
  if (Number.isNaN(t)) return '–'
  const seconds = Math.round((now - t) / 1000)
  const abs = Math.abs(seconds)
  const text =
    abs < 45
      ? 'seconds'
      : abs < 3600
        ? `${Math.round(abs / 60)} min`
        : abs < 86_400
          ? `${Math.round(abs / 3600)} h`
          : `${Math.round(abs / 86_400)} d`
  if (text === 'seconds') return seconds >= 0 ? 'just now' : 'in seconds'
  return seconds >= 0 ? `${text} ago` : `in ${text}`
}

/** `Nov 26, 10:30` (the year only when it is not this one): compact, for lists of episodes. */
export function shortTime(t: string | number, now = new Date()): string {
  const date = new Date(t)
  if (Number.isNaN(date.getTime())) return '–'
  return date.toLocaleString('en', {
    month: 'short',
    day: 'numeric',
    ...(date.getFullYear() !== now.getFullYear() && { year: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
}

/** `10:45`, or the full short time when `t` is on another day than `since`. */
export function shortTimeAfter(t: string | number, since: string | number): string {
  const a = new Date(t)
  const b = new Date(since)
  return a.toDateString() === b.toDateString()
    ? a.toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    : shortTime(t)
}
