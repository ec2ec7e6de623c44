import { useContext, useEffect, useRef, useState } from 'react'
import { api } from '../../api/api-client.js'
import {
  previousWindow,
  resolveRange,
  type TimeRange,
  type Window,
  windowQuery,
} from '../../state/time-range.js'
import type { Filters } from '../../state/url-state.js'
import { RefreshContext, toError } from '../../state/use-api.js'
import type { SummaryAnswer } from './metric-summary.js'

export interface Summaries {
  /** The window's summary; the last one while a newer one loads. */
  current: SummaryAnswer | undefined
  /** The period just before, once loaded; only ever for the same range and filters as `current`. */
  previous: SummaryAnswer | undefined
  error: Error | undefined
  /** Until both have loaded. */
  loading: boolean
  reload(): void
}

interface State {
  current?: SummaryAnswer
  previous?: SummaryAnswer
  /** The range and filters `previous` was measured for. */
  previousKey?: string
  error?: Error
  loading: boolean
}

/**
 * The window's summary, then the previous period's. One after the other on
 * purpose: the storage answers queries in turn, and the headline numbers
 * should not wait behind their comparison (nor behind the charts and the
 * filter options, which the page starts once `loading` ends).
 */
export function useSummaries(range: TimeRange, filters: Filters): Summaries {
  const tick = useContext(RefreshContext)
  const [reloads, setReloads] = useState(0)
  const [state, setState] = useState<State>({ loading: true })
  const latest = useRef(0)
  const key = JSON.stringify([range, filters])

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the range and filters
  useEffect(() => {
    const id = ++latest.current
    const live = () => id === latest.current
    const get = (window: Window) =>
      api.get<SummaryAnswer>('/api/v1/metrics/summary', {
        ...filters,
        ...windowQuery(window),
      })
    const window = resolveRange(range)
    setState((s) => ({ ...s, loading: true }))
    get(window).then(
      async (current) => {
        if (!live()) return
        // A refresh keeps the comparison on screen; other filters or another range must not show the old one.
        setState((s) => ({
          ...s,
          current,
          previous: s.previousKey === key ? s.previous : undefined,
          error: undefined,
        }))
        // The comparison is a nicety: the page stands without it.
        const previous = await get(previousWindow(window)).catch(() => undefined)
        if (live()) setState({ current, previous, previousKey: key, loading: false })
      },
      (reason: unknown) => {
        if (!live()) return
        setState((s) => ({
          ...s,
          error: toError(reason),
          loading: false,
        }))
      },
    )
  }, [key, tick, reloads])

  return {
    current: state.current,
    previous: state.previous,
    error: state.error,
    loading: state.loading,
    reload: () => setReloads((n) => n + 1),
  }
}
