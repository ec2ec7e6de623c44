import { useCallback, useEffect, useState } from 'react'

/**
 * A small history router: the collector answers every unknown path with
 * index.html, so `/calls/abc?model=x` is a real, shareable URL. Pages read
 * their parameters from the path and the query string (see url-state.ts).
 */

const listeners = new Set<() => void>()

function notify(): void {
  for (const listener of listeners) listener()
}

window.addEventListener('popstate', notify)

/** Goes to `href` (path and query), adding a history entry unless `replace`. */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (href === `${location.pathname}${location.search}`) return
  if (options.replace) history.replaceState(null, '', href)
  else history.pushState(null, '', href)
  notify()
}

export interface Location {
  path: string
  search: URLSearchParams
}

function current(): Location {
  return { path: location.pathname, search: new URLSearchParams(location.search) }
}

/** The current location; re-renders on every navigation. */
export function useLocation(): Location {
  const [state, setState] = useState(current)
  useEffect(() => {
    const listener = () => setState(current())
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  }, [])
  return state
}

/** An onClick for links that navigates without a reload (modifier clicks open a tab as usual). */
export function useLinkHandler(): (event: React.MouseEvent<HTMLAnchorElement>) => void {
  return useCallback((event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return
    event.preventDefault()
    navigate(event.currentTarget.getAttribute('href') ?? '/')
  }, [])
}
