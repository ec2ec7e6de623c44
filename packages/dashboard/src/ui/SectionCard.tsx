import type { ReactNode } from 'react'

/**
 * A section of a page as a card: its heading names it (for assistive
 * technology too) and `id` is the anchor the page's section links go to; a
 * note beside the heading, actions at the right.
 */
export function SectionCard({
  id,
  title,
  note,
  actions,
  className,
  children,
}: {
  id: string
  title: ReactNode
  note?: ReactNode
  actions?: ReactNode
  className?: string
  children: ReactNode
}) {
  return (
    <section className={className ? `card ${className}` : 'card'} id={id} aria-labelledby={`${id}-title`}>
      <div className="section-header">
        <h2 id={`${id}-title`}>{title}</h2>
        {note ? <span className="muted small">{note}</span> : null}
        {actions ? <div className="actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  )
}
