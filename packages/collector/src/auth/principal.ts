/**
 * What a key may do. `ingest`: send telemetry (SDKs, OTLP exporters), nothing
 * else. `read`: the query API and the dashboard. `admin`: keys, prices,
 * retention, the audit log (and alert rules when they exist).
 */
export type Scope = 'ingest' | 'read' | 'admin'

export const SCOPES: readonly Scope[] = ['ingest', 'read', 'admin']

/** The instance's bootstrap project: created at first start, and the one VIGIL_API_KEY belongs to. */
export const DEFAULT_PROJECT = 'default'

/** Who is calling: the project every query and write of the request is bound to. */
export interface Principal {
  projectId: string
  keyId: string
  scopes: readonly Scope[]
  /**
   * May create projects. Held by the admin keys of the bootstrap project:
   * whoever runs the collector holds its first key (or sets VIGIL_API_KEY), so
   * the instance's operator and that project's admins are the same people.
   */
  instanceAdmin: boolean
}

export function principal(projectId: string, keyId: string, scopes: readonly Scope[]): Principal {
  return {
    projectId,
    keyId,
    scopes,
    instanceAdmin: projectId === DEFAULT_PROJECT && scopes.includes('admin'),
  }
}
