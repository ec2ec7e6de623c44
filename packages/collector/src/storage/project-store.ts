import { DEFAULT_PROJECT } from '../auth/principal.js'
import { VigilError } from '../errors.js'
import type { ClickHouseStore } from './clickhouse-store.js'

export interface Project {
  id: string
  name: string
  /** Null for a project from before the registry (known only by its keys). */
  createdAt: string | null
}

interface ProjectRow {
  project_id: string
  name: string
  created_ms: string | number
}

/**
 * The project registry (`projects`, migration 007). A project exists when it
 * is registered, has keys, or is the bootstrap `default` project: projects
 * from before the registry are real without a row here.
 */
export class ProjectStore {
  readonly #store: ClickHouseStore
  /** The projects that have keys (`ApiKeyStore.projectIds`). */
  readonly #projectsWithKeys: () => Promise<string[]>

  constructor(store: ClickHouseStore, projectsWithKeys: () => Promise<string[]>) {
    this.#store = store
    this.#projectsWithKeys = projectsWithKeys
  }

  async get(id: string): Promise<Project | undefined> {
    const [row] = await this.#registered(id)
    if (row) return projectOf(row)
    if (id === DEFAULT_PROJECT) return { id, name: id, createdAt: null }
    return (await this.#projectsWithKeys()).includes(id) ? { id, name: id, createdAt: null } : undefined
  }

  async list(): Promise<Project[]> {
    const registered = new Map((await this.#registered()).map((row) => [row.project_id, projectOf(row)]))
    for (const id of [DEFAULT_PROJECT, ...(await this.#projectsWithKeys())]) {
      if (!registered.has(id)) registered.set(id, { id, name: id, createdAt: null })
    }
    return [...registered.values()].sort((a, b) => a.id.localeCompare(b.id))
  }

  /**
   * Registers a new project; PROJECT_EXISTS when the id is taken. Two
   * collectors creating the same id at the same instant can both succeed (the
   * table has no unique constraint); the later name wins.
   */
  async create(project: { id: string; name: string; createdBy: string }): Promise<Project> {
    if (await this.get(project.id)) {
      throw new VigilError('PROJECT_EXISTS', `Project "${project.id}" already exists; choose another id`)
    }
    const createdAt = new Date()
    await this.#store.client.insert({
      table: this.#store.table('projects'),
      values: [
        {
          project_id: project.id,
          name: project.name,
          created_at: createdAt.toISOString().replace('T', ' ').replace('Z', ''),
          created_by: project.createdBy,
        },
      ],
      format: 'JSONEachRow',
    })
    return { id: project.id, name: project.name, createdAt: createdAt.toISOString() }
  }

  async #registered(id?: string): Promise<ProjectRow[]> {
    const result = await this.#store.client.query({
      query: `SELECT project_id, name, toUnixTimestamp64Milli(created_at) AS created_ms
        FROM ${this.#store.table('projects')} FINAL
        ${id === undefined ? '' : 'WHERE project_id = {id:String}'}`,
      query_params: id === undefined ? {} : { id },
      format: 'JSONEachRow',
    })
    return result.json<ProjectRow>()
  }
}

function projectOf(row: ProjectRow): Project {
  return { id: row.project_id, name: row.name, createdAt: new Date(Number(row.created_ms)).toISOString() }
}
