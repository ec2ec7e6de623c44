import type { ReactNode } from 'react'
import { signOut } from '../api/api-client.js'
import { useTheme } from '../state/theme.js'
import { useUrlState } from '../state/url-state.js'
import { TimeRangePicker } from '../ui/TimeRangePicker.js'
import { useLinkHandler } from './router.js'

/** The top nav; `also`: other first path segments that belong to a section (a trace opens from a call). */
const nav: { path: string; label: string; also?: string[] }[] = [
  { path: '/', label: 'Overview' },
  { path: '/calls', label: 'Calls', also: ['/traces'] },
  { path: '/breakdowns', label: 'Breakdowns' },
  { path: '/alerts', label: 'Alerts' },
  { path: '/readiness', label: 'Readiness' },
  { path: '/settings', label: 'Settings' },
]

const refreshChoices = [0, 10, 30, 60, 300]

export interface LayoutProps {
  children: ReactNode
  refreshSeconds: number
  onRefreshSeconds(seconds: number): void
  onRefreshNow(): void
}

/** Navigation, the time range, auto-refresh and theme: the frame every page sits in. */
export function Layout({ children, refreshSeconds, onRefreshSeconds, onRefreshNow }: LayoutProps) {
  const url = useUrlState()
  const onLink = useLinkHandler()
  const [theme, toggleTheme] = useTheme()
  const section = `/${url.path.split('/')[1] ?? ''}`
  return (
    <div className="layout">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href={url.linkTo('/')} onClick={onLink}>
          Vigil
        </a>
        <nav aria-label="Main">
          <ul>
            {nav.map((item) => (
              <li key={item.path}>
                <a
                  href={url.linkTo(item.path)}
                  onClick={onLink}
                  aria-current={section === item.path || item.also?.includes(section) ? 'page' : undefined}
                >
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-controls">
          <TimeRangePicker range={url.range} onChange={url.setRange} />
          <label className="inline-field">
            <span className="visually-hidden">Auto-refresh</span>
            <select
              value={refreshSeconds}
              onChange={(event) => onRefreshSeconds(Number(event.target.value))}
              aria-label="Auto-refresh"
            >
              {refreshChoices.map((seconds) => (
                <option key={seconds} value={seconds}>
                  {seconds === 0
                    ? 'Refresh: off'
                    : `Every ${seconds < 60 ? `${seconds}s` : `${seconds / 60}m`}`}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={onRefreshNow} aria-label="Refresh now" title="Refresh now">
            ↻
          </button>
          <button
            type="button"
            onClick={toggleTheme}
            aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
          >
            {theme === 'dark' ? '☀' : '☾'}
          </button>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  )
}
