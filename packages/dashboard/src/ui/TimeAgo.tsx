import { formatTime } from './format.js'
import { timeAgo } from './time-ago.js'

/** "3 min ago" in a table cell, the exact time in its title. */
export function TimeAgo({ at }: { at: string }) {
  return (
    <time dateTime={at} title={formatTime(at)}>
      {timeAgo(at)}
    </time>
  )
}
