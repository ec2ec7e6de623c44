import { type ComponentType, lazy } from 'react'

/**
 * Every page, by path pattern (`:name` is a path parameter). Pages other than
 * the overview are loaded on first visit, keeping the first paint small.
 */

export interface PageProps {
  params: Record<string, string>
}

export interface Route {
  pattern: string
  page: ComponentType<PageProps>
}

// The overview is the first page most visits see: in the main bundle, not a second request.
import OverviewPage from '../pages/overview/OverviewPage.js'

const CallsPage = lazy(() => import('../pages/calls/CallsPage.js'))
const CallDetailPage = lazy(() => import('../pages/calls/CallDetailPage.js'))
const TracePage = lazy(() => import('../pages/calls/TracePage.js'))
const BreakdownsPage = lazy(() => import('../pages/breakdowns/BreakdownsPage.js'))
const AlertsPage = lazy(() => import('../pages/alerts/AlertsPage.js'))
const AlertEditPage = lazy(() => import('../pages/alerts/AlertEditPage.js'))
const AlertDetailPage = lazy(() => import('../pages/alerts/AlertDetailPage.js'))
const ReadinessPage = lazy(() => import('../pages/readiness/ReadinessPage.js'))
const SettingsPage = lazy(() => import('../pages/settings/SettingsPage.js'))

export const routes: Route[] = [
  { pattern: '/', page: OverviewPage },
  { pattern: '/calls', page: CallsPage },
  { pattern: '/calls/:spanId', page: CallDetailPage },
  { pattern: '/traces/:traceId', page: TracePage },
  { pattern: '/breakdowns', page: BreakdownsPage },
  { pattern: '/alerts', page: AlertsPage },
  { pattern: '/alerts/new', page: AlertEditPage },
  { pattern: '/alerts/:id/edit', page: AlertEditPage },
  { pattern: '/alerts/:id', page: AlertDetailPage },
  { pattern: '/readiness', page: ReadinessPage },
  { pattern: '/settings', page: SettingsPage },
]

/** The first route whose pattern matches `path`, with its parameters. */
export function matchRoute(path: string): { route: Route; params: Record<string, string> } | undefined {
  const parts = path.replace(/\/+$/, '').split('/').slice(1)
  for (const route of routes) {
    const pattern = route.pattern === '/' ? [] : route.pattern.split('/').slice(1)
    if (pattern.length !== parts.length) continue
    const params: Record<string, string> = {}
    const ok = pattern.every((segment, i) => {
      const part = parts[i] ?? ''
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = decodeURIComponent(part)
        return true
      }
      return segment === part
    })
    if (ok) return { route, params }
  }
  return undefined
}
