import type { ReactNode } from 'react'

/**
 * The head of a page with sections: its title and a line about it, links to
 * its sections, and its controls (`children`). Each section link goes to the
 * section whose id is its name in lower case ("Keys": `#keys`).
 */
export function PageHeader({
  title,
  subtitle,
  sections,
  children,
}: {
  title: ReactNode
  subtitle: ReactNode
  /** The navigation's accessible name, and the sections' names. */
  sections?: { label: string; names: string[] }
  children?: ReactNode
}) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        <p className="muted small">{subtitle}</p>
      </div>
      {sections ? (
        <nav className="subnav" aria-label={sections.label}>
          {sections.names.map((name) => (
            <a key={name} href={`#${name.toLowerCase()}`}>
              {name}
            </a>
          ))}
        </nav>
      ) : null}
      {children}
    </header>
  )
}
