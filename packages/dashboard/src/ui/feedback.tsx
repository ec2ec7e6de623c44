import type { ReactNode } from 'react'
import type { Notice } from '../state/use-action.js'
import type { ApiState } from '../state/use-api.js'
import { isForbidden } from './action-error.js'

/** Loading, error and empty states: each says what is happening and, when empty, what to do next. */

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  )
}

export function ErrorBox({ error, retry }: { error: Error; retry?: () => void }) {
  return (
    <div className="error-box" role="alert">
      <p>
        <strong>Could not load this.</strong> {error.message}
      </p>
      {retry ? (
        <button type="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  )
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <h2>{title}</h2>
      {children}
    </div>
  )
}

/**
 * How a change went: a failure is announced at once (an alert), a success
 * politely (a status). `banner` for a page-wide notice above the content.
 */
export function NoticeText({ notice, banner = false }: { notice: Notice | undefined; banner?: boolean }) {
  if (!notice) return null
  const failed = notice.kind === 'error'
  const className = banner ? (failed ? 'banner' : 'banner info-banner') : failed ? 'error' : 'success'
  return (
    <p className={className} role={failed ? 'alert' : 'status'}>
      {notice.text}
    </p>
  )
}

/**
 * What a read from the API shows until its data is there: loading, or the
 * error with a retry; with `forbidden`, a 403 shows that sentence instead (a
 * key without the scope is no failure to retry). Then `children` of the data.
 */
export function Loaded<T>({
  state,
  what,
  forbidden,
  children,
}: {
  state: ApiState<T>
  what: string
  forbidden?: ReactNode
  children(data: T): ReactNode
}) {
  if (state.error) {
    if (forbidden && isForbidden(state.error)) return <p className="muted">{forbidden}</p>
    return <ErrorBox error={state.error} retry={state.reload} />
  }
  if (state.data === undefined) return <Loading what={what} />
  return children(state.data)
}

/** A form's submit button, which says what is happening while the request runs (and cannot be pressed twice). */
export function SubmitButton({
  busy,
  busyLabel = 'Creating…',
  disabled = false,
  children,
}: {
  busy: boolean
  busyLabel?: string
  disabled?: boolean
  children: ReactNode
}) {
  return (
    <button type="submit" disabled={busy || disabled}>
      {busy ? busyLabel : children}
    </button>
  )
}
