import { type FormEvent, useState } from 'react'
import { api } from '../../api/api-client.js'
import { useAction } from '../../state/use-action.js'
import { useApi } from '../../state/use-api.js'
import { DataTable } from '../../ui/DataTable.js'
import { Loaded, NoticeText, SubmitButton } from '../../ui/feedback.js'
import { formatTime } from '../../ui/format.js'
import { InputField } from '../../ui/InputField.js'
import { SectionCard } from '../../ui/SectionCard.js'
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
  const creation = useAction()

  async function create(event: FormEvent) {
    event.preventDefault()
    await creation.run(async () => {
      const answer = await api.post<{ project: Project; key: { key: string } }>('/api/v1/projects', {
        id: id.trim(),
        ...(name.trim() ? { name: name.trim() } : {}),
      })
      setIssued({ project: answer.project.id, key: answer.key.key })
      setId('')
      setName('')
      projects.reload()
    })
  }

  return (
    <SectionCard
      id="projects"
      title="Projects"
      note="of this collector: each has its own data, keys, rules and prices"
    >
      <Loaded
        state={projects}
        what="projects"
        forbidden={
          <>
            Only instance admins (admin keys of the <code>default</code> project) list and create projects.
          </>
        }
      >
        {(data) => (
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
                <InputField
                  label="Project id"
                  value={id}
                  onChange={setId}
                  required
                  pattern="[a-z0-9][a-z0-9_\-]{0,62}"
                  title="1-63 lowercase letters, digits, - or _"
                  placeholder="checkout"
                />
                <InputField
                  label="Display name (optional)"
                  grow
                  value={name}
                  onChange={setName}
                  placeholder="Checkout team"
                />
                <SubmitButton busy={creation.busy}>Create project</SubmitButton>
              </div>
            </form>
            <NoticeText notice={creation.notice} />
            <DataTable columns={['Id', 'Name', 'Created']}>
              {data.projects.map((project) => (
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
            </DataTable>
          </>
        )}
      </Loaded>
    </SectionCard>
  )
}
