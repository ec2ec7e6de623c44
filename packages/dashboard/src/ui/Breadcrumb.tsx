import { Fragment, type ReactNode } from 'react'
import { useLinkHandler } from '../app/router.js'

/** The way up from a page: links to the pages above it, then (when given) the page itself. */
export function Breadcrumb({
  trail,
  current,
}: {
  trail: { href: string; label: ReactNode }[]
  current?: ReactNode
}) {
  const onLink = useLinkHandler()
  const separator = <span aria-hidden="true"> / </span>
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      {trail.map((step, i) => (
        <Fragment key={step.href}>
          {i > 0 ? separator : null}
          <a href={step.href} onClick={onLink}>
            {step.label}
          </a>
        </Fragment>
      ))}
      {current ? (
        <>
          {separator}
          <span aria-current="page">{current}</span>
        </>
      ) : null}
    </nav>
  )
}
