import { type FormEvent, useState } from 'react'
import { api } from '../../api/api-client.js'
import { useApi } from '../../state/use-api.js'
import { ErrorBox, Loading } from '../../ui/feedback.js'
import { formatTime } from '../../ui/format.js'
import { describeActionError, isForbidden } from '../alerts/action-error.js'
import { NewSecret } from './NewSecret.js'

interface Project {
  id: string
  name: string
  createdAt: string | null
}

/**
 * Every project of the instance, and a new one with its first admin key
 * (instance admins only: admin keys of the `default` project).
 */
export function ProjectsSection() {
  const projects = useApi(() => api.get<{ projects: Project[] }>('/api/v1/projects'), [])
  const [id, setId] = useState('')
  const [name, setName] = useState('')
  const [issued, setIssued] = useState<{ project: string; key: string } | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)

  async function create(event: FormEvent) {
    event.preventDefault()
    setError(undefined)
    setBusy(true)
    try {
      const answer = await api.post<{ project: Project; key: { key: string } }>('/api/v1/projects', {
        id: id.trim(),
        ...(name.trim() ? { name: name.trim() } : {}),
      })
      setIssued({ project: answer.project.id, key: answer.key.key })
      setId('')
      setName('')
      projects.reload()
    } catch (reason) {
      setError(describeActionError(reason))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" id="projects" aria-labelledby="projects-title">
      <div className="section-header">
        <h2 id="projects-title">Projects</h2>
        <span className="muted small">of this collector: each has its own data, keys, rules and prices</span>
      </div>
      {projects.error ? (
        isForbidden(projects.error) ? (
          <p className="muted">
            Only instance admins (admin keys of the <code>default</code> project) list and create projects.
          </p>
        ) : (
          <ErrorBox error={projects.error} retry={projects.reload} />
        )
      ) : !projects.data ? (
        <Loading what="projects" />
      ) : (
        <>
          {issued ? (
            <NewSecret
              what={`The admin key of project “${issued.project}”`}
              secret={issued.key}
              onDone={() => setIssued(undefined)}
            />
          ) : null}
          <form className="inline-form" onSubmit={create} aria-label="New project">
            <div className="row">
              <label className="field">
                Project id
                <input
                  value={id}
                  onChange={(event) => setId(event.target.value)}
                  required
                  pattern="[a-z0-9][a-z0-9_\-]{0,62}"
                  title="1-63 lowercase letters, digits, - or _"
                  placeholder="checkout"
                />
              </label>
              <label className="field grow">
                Display name (optional)
                <input
                  value={name}
                  onChange={(event) => setName(event.target.value)}
                  placeholder="Checkout team"
                />
              </label>
              <button type="submit" disabled={busy}>
                {busy ? 'Creating…' : 'Create project'}
              </button>
            </div>
          </form>
          {error ? (
            <p className="error" role="alert">
              {error}
            </p>
          ) : null}
          <div className="vg-table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Id</th>
                  <th scope="col">Name</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {projects.data.projects.map((project) => (
                  <tr key={project.id}>
                    <td className="mono">{project.id}</td>
                    <td>{project.name}</td>
                    <td>
                      {project.createdAt ? (
                        formatTime(project.createdAt)
                      ) : (
                        <span className="muted">at first start</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  )
}
