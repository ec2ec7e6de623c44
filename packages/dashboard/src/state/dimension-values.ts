import { api } from '../api/api-client.js'
import { type Dimension, dimensions } from './dimensions.js'
import { type Window, windowQuery } from './time-range.js'
import { useApi } from './use-api.js'

/**
 * The values a dimension took in recent calls (the busiest first), to offer
 * in filter selects: rules and scorecards are about use cases, models…
 * people have seen on the dashboard.
 */

interface BreakdownAnswer {
  rows: { value: string; calls: number }[]
}

const DAY_MS = 86_400_000

/** The values of `by` in `window`, by default the last `days` (30). */
export async function loadDimensionValues(
  by: Dimension,
  options: { window?: Window; days?: number; filters?: Record<string, string | undefined> } = {},
): Promise<string[]> {
  const to = Date.now()
  const window = options.window ?? { from: new Date(to - (options.days ?? 30) * DAY_MS), to: new Date(to) }
  const answer = await api.get<BreakdownAnswer>('/api/v1/metrics/breakdown', {
    by,
    sort: 'calls',
    limit: 200,
    ...windowQuery(window),
    ...options.filters,
  })
  return answer.rows.map((row) => row.value).filter((value) => value !== '')
}

/** The values of every filter dimension, loaded together (five small breakdowns). */
export function useDimensionValues(): Partial<Record<Dimension, string[]>> {
  const { data } = useApi(async () => {
    const lists = await Promise.all(dimensions.map((by) => loadDimensionValues(by).catch(() => [])))
    return Object.fromEntries(dimensions.map((by, i) => [by, lists[i]])) as Record<Dimension, string[]>
  }, [])
  return data ?? {}
}
