import type { ReactNode } from 'react'
import { ApiError } from '../../api/api-client.js'
import { useLinkHandler } from '../../app/router.js'
import type { ApiState } from '../../state/use-api.js'
import { Breadcrumb } from '../../ui/Breadcrumb.js'
import { EmptyState, ErrorBox, Loading } from '../../ui/feedback.js'
import { useListLinks } from './use-list-links.js'

/** What to check when the API finds nothing for an id: a 400 (malformed id) or a 404. */
const notFoundHints = {
  Call: {
    malformed: 'A call id is a span id: 16 hexadecimal characters.',
    missing:
      'It may belong to another project (the API key you signed in with decides the project), or it is older than the project keeps calls.',
  },
  Trace: {
    malformed: 'A trace id is 32 hexadecimal characters.',
    missing:
      'No span of it reached this project: it may belong to another project, or be older than the project keeps data.',
  },
}

export interface DetailFrameProps<T> {
  /** What the page shows, as the breadcrumb names it. */
  kind: keyof typeof notFoundHints
  id: string
  state: ApiState<T>
  /** The loaded item, once it is the one of `id` (an answer for the previous id is not). */
  item: T | undefined
  className: string
  children(item: T): ReactNode
}

/**
 * A call's or a trace's page: the breadcrumb back to the list, and until
 * the item is there what is happening instead (loading, an error to retry,
 * or nothing of this id in the project).
 */
export function DetailFrame<T>({ kind, id, state, item, className, children }: DetailFrameProps<T>) {
  const onLink = useLinkHandler()
  const listHref = useListLinks().list
  const back = (
    <Breadcrumb
      trail={[{ href: listHref, label: '← Calls' }]}
      current={
        <>
          {kind} <code>{id}</code>
        </>
      }
    />
  )
  if (item) {
    return (
      <section className={className}>
        {back}
        {children(item)}
      </section>
    )
  }
  const { error } = state
  if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
    return (
      <section>
        {back}
        <EmptyState title={`No ${kind.toLowerCase()} ${id} in this project`}>
          <p>{error.status === 400 ? notFoundHints[kind].malformed : notFoundHints[kind].missing}</p>
          <p>
            <a href={listHref} onClick={onLink}>
              Back to the calls
            </a>
          </p>
        </EmptyState>
      </section>
    )
  }
  return (
    <section>
      {back}
      {error ? (
        <ErrorBox error={error} retry={state.reload} />
      ) : (
        <Loading what={`the ${kind.toLowerCase()}`} />
      )}
    </section>
  )
}
