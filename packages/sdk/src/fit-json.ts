const TRUNCATED = '…[truncated]'

/**
 * JSON of `value` at most `maxLength` long: strings longer than a cap are cut
 * and marked, with the cap found by binary search, so the longest texts give
 * way first; if even empty texts do not fit, trailing entries are dropped.
 */
export function fitJson(value: unknown[], maxLength: number): string {
  const whole = JSON.stringify(value)
  if (whole.length <= maxLength) return whole
  let low = 0
  let high = maxLength
  let best: string | undefined
  while (low <= high) {
    const cap = Math.floor((low + high) / 2)
    const json = JSON.stringify(capStrings(value, cap))
    if (json.length <= maxLength) {
      best = json
      low = cap + 1
    } else {
      high = cap - 1
    }
  }
  if (best !== undefined) return best
  const capped = capStrings(value, 0) as unknown[]
  while (capped.length > 0 && JSON.stringify(capped).length > maxLength) capped.pop()
  return JSON.stringify(capped)
}

// Names and identifiers, never cut: only free text gives way.
const STRUCTURAL_KEYS = new Set(['role', 'type', 'id', 'name', 'finish_reason'])

function capStrings(value: unknown, cap: number, key?: string): unknown {
  if (typeof value === 'string') {
    // Cut only when that shortens the text: keeps the JSON length monotonic in `cap` for the binary search.
    const cut = value.length > cap + TRUNCATED.length && !STRUCTURAL_KEYS.has(key ?? '')
    return cut ? value.slice(0, cap) + TRUNCATED : value
  }
  if (Array.isArray(value)) return value.map((item) => capStrings(item, cap))
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, capStrings(item, cap, name)]),
    )
  }
  return value
}
