import type { PageProps } from '../../app/routes.js'
import { useCurrentKey } from '../../state/use-current-key.js'
import { Loading } from '../../ui/feedback.js'
import { formatTime } from '../../ui/format.js'
import { PageHeader } from '../../ui/PageHeader.js'
import { KeysSection } from './KeysSection.js'
import { PricesSection } from './PricesSection.js'
import { ProjectsSection } from './ProjectsSection.js'
import { RetentionSection } from './RetentionSection.js'
import '../alerts/admin-pages.css'

const scopeMeaning = {
  ingest: 'send telemetry',
  read: 'read metrics and calls',
  admin: 'change keys, prices, retention and alerts',
} as const

/**
 * `/settings`: the project and what the signed-in key may do, then what an
 * admin manages (keys, prices, retention) and an instance admin (projects).
 * Sections the key may not use say so instead of failing.
 */
export default function SettingsPage(_: PageProps) {
  const { whoAmI, isAdmin } = useCurrentKey()
  return (
    <section className="vg-admin settings-page">
      <PageHeader
        title="Settings"
        subtitle="The project, its keys, prices and retention."
        sections={{ label: 'Settings sections', names: ['Keys', 'Prices', 'Retention', 'Projects'] }}
      />
      <section className="card" aria-labelledby="project-title">
        <h2 id="project-title">Project</h2>
        {!whoAmI ? (
          <Loading what="the project" />
        ) : (
          <dl className="definition-list">
            <div>
              <dt>Project</dt>
              <dd>
                <strong>{whoAmI.project.name}</strong> <code className="muted">{whoAmI.project.id}</code>
                {whoAmI.project.createdAt ? (
                  <span className="muted small"> · created {formatTime(whoAmI.project.createdAt)}</span>
                ) : null}
              </dd>
            </div>
            <div>
              <dt>Signed in with key</dt>
              <dd>
                <code>{whoAmI.key.id}</code>
              </dd>
            </div>
            <div>
              <dt>Its scopes</dt>
              <dd>
                {whoAmI.key.scopes.map((scope) => (
                  <span key={scope} className="badge scope-badge" title={scopeMeaning[scope]}>
                    {scope}
                  </span>
                ))}
                {whoAmI.key.instanceAdmin ? <span className="badge scope-badge">instance admin</span> : null}
                <div className="muted small">
                  {whoAmI.key.scopes.map((scope) => `${scope}: ${scopeMeaning[scope]}`).join(' · ')}
                </div>
              </dd>
            </div>
          </dl>
        )}
        {isAdmin === false ? (
          <p className="hint">
            This key lacks the admin scope: the sections below are read-only or hidden. Sign in with an admin
            key to change them.
          </p>
        ) : null}
      </section>
      {whoAmI === undefined ? null : isAdmin ? (
        <KeysSection currentKeyId={whoAmI.key.id} />
      ) : (
        <section className="card" id="keys" aria-labelledby="keys-title">
          <h2 id="keys-title">API keys</h2>
          <p className="muted">Managing keys needs the admin scope, which this key lacks.</p>
        </section>
      )}
      <PricesSection readOnly={isAdmin === false} />
      <RetentionSection readOnly={isAdmin === false} />
      {whoAmI?.key.instanceAdmin ? (
        <ProjectsSection />
      ) : whoAmI ? (
        <section className="card" id="projects" aria-labelledby="projects-title">
          <h2 id="projects-title">Projects</h2>
          <p className="muted">
            Only instance admins (admin keys of the <code>default</code> project) list and create projects.
          </p>
        </section>
      ) : null}
    </section>
  )
}
