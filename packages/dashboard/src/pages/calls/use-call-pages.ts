import { useCallback, useContext, useEffect, useRef, useState } from 'react'
import { api } from '../../api/api-client.js'
import { type Window, windowQuery } from '../../state/time-range.js'
import { RefreshContext, toError } from '../../state/use-api.js'
import { type CallListQuery, listKey } from './call-list-query.js'
import type { CallPage, CallSummary } from './call-types.js'

/**
 * The calls of a list, page by page: "Load more" appends the next page
 * (the API's cursor, with the window of the first page, so a moving
 * relative range does not shift later pages); a change of filters or range
 * starts over. An auto-refresh re-reads the first page as long as the rows
 * already loaded (so new calls appear on top and nothing scrolls away), up
 * to the API's largest page; past that the list stays as loaded.
 */

const PAGE_SIZE = 50
const MAX_PAGE = 500

export interface CallPages {
  /** The rows to show; while a new filter loads, the previous list's (`stale`). */
  calls: CallSummary[]
  stale: boolean
  /** The window the list covers (fixed when the first page was read). */
  window: Window | undefined
  hasMore: boolean
  loading: boolean
  loadingMore: boolean
  error: Error | undefined
  loadMore(): void
  reload(): void
}

interface Loaded {
  key: string
  calls: CallSummary[]
  nextCursor: string | null
  window: Window
}

function request(query: CallListQuery, window: Window, limit: number, cursor?: string) {
  return api.get<CallPage>('/api/v1/calls', { ...query, ...windowQuery(window), limit, cursor })
}

export function useCallPages(query: CallListQuery, rangeKey: string, resolveWindow: () => Window): CallPages {
  const tick = useContext(RefreshContext)
  const key = `${rangeKey}|${listKey(query)}`
  const [loaded, setLoaded] = useState<Loaded | undefined>(undefined)
  const [error, setError] = useState<Error | undefined>(undefined)
  const [loading, setLoading] = useState(true)
  const [loadingMore, setLoadingMore] = useState(false)
  const [reloads, setReloads] = useState(0)
  // Answers to requests older than the latest are dropped (a quick filter change, a refresh mid-flight).
  const latest = useRef(0)
  const current = useRef<Loaded | undefined>(undefined)
  current.current = loaded

  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the query; tick and reloads re-run it
  useEffect(() => {
    const previous = current.current
    const sameList = previous?.key === key
    if (sameList && previous.calls.length > MAX_PAGE) return
    const id = ++latest.current
    const window = resolveWindow()
    const limit = sameList ? Math.min(MAX_PAGE, Math.max(PAGE_SIZE, previous.calls.length)) : PAGE_SIZE
    setLoading(true)
    setLoadingMore(false)
    request(query, window, limit).then(
      (page) => {
        if (id !== latest.current) return
        setLoaded({ key, calls: page.calls, nextCursor: page.nextCursor, window })
        setError(undefined)
        setLoading(false)
      },
      (reason: unknown) => {
        if (id !== latest.current) return
        setError(toError(reason))
        setLoading(false)
      },
    )
  }, [key, tick, reloads])

  const loadMore = useCallback(() => {
    const list = current.current
    if (!list?.nextCursor) return
    const first = latest.current
    setLoadingMore(true)
    request(query, list.window, PAGE_SIZE, list.nextCursor).then(
      (page) => {
        // A refresh or a new filter since then replaced the list: this page belongs to the old one.
        if (first !== latest.current || current.current !== list) return
        setLoaded({ ...list, calls: [...list.calls, ...page.calls], nextCursor: page.nextCursor })
        setError(undefined)
        setLoadingMore(false)
      },
      (reason: unknown) => {
        if (first !== latest.current) return
        setError(toError(reason))
        setLoadingMore(false)
      },
    )
  }, [query])

  const fresh = loaded?.key === key ? loaded : undefined
  return {
    calls: loaded?.calls ?? [],
    stale: loaded !== undefined && !fresh,
    window: loaded?.window,
    hasMore: Boolean(fresh?.nextCursor),
    loading,
    loadingMore,
    error,
    loadMore,
    reload: () => setReloads((n) => n + 1),
  }
}
