import type { SchemaDdl } from './schema-ddl.js'

/**
 * One step of the schema. Statements must be idempotent (IF NOT EXISTS, IF
 * EXISTS), because a start that crashes between a statement and the record of
 * its migration runs the whole migration again. Applied migrations are never
 * edited: a change is a new migration appended to `migrations/index.ts`.
 */
export interface Migration {
  version: number
  name: string
  statements: (schema: SchemaDdl) => string[]
}
