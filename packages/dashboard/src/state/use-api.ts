import { createContext, useContext, useEffect, useRef, useState } from 'react'

/**
 * Data fetching for pages: `useApi(load, deps)` runs `load` when `deps`
 * change and at every auto-refresh tick, keeps the last data while a refresh
 * runs (no flicker), and drops answers that arrive after a newer request.
 */

/** Incremented by the auto-refresh timer (and the refresh button); pages refetch on it. */
export const RefreshContext = createContext(0)

export interface ApiState<T> {
  data: T | undefined
  error: Error | undefined
  loading: boolean
  /** Fetch again now. */
  reload(): void
}

export function useApi<T>(load: () => Promise<T>, deps: readonly unknown[]): ApiState<T> {
  const tick = useContext(RefreshContext)
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<Error | undefined>(undefined)
  const [loading, setLoading] = useState(true)
  const [reloads, setReloads] = useState(0)
  const latest = useRef(0)

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to load
  useEffect(() => {
    const id = ++latest.current
    setLoading(true)
    load().then(
      (value) => {
        if (id !== latest.current) return
        setData(value)
        setError(undefined)
        setLoading(false)
      },
      (reason: unknown) => {
        if (id !== latest.current) return
        setError(toError(reason))
        setLoading(false)
      },
    )
  }, [...deps, tick, reloads])

  return { data, error, loading, reload: () => setReloads((n) => n + 1) }
}

/** A rejection as an Error to show (a rejection can be anything). */
export function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason))
}
