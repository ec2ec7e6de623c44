import type { Principal } from '../auth/principal.js'
import { VigilError } from '../errors.js'
import type { AuditLog } from '../storage/audit-log.js'
import type { DefinitionStore, StoredDefinition } from '../storage/definition-store.js'

/**
 * Changes to the definitions of migration 011 (rules, channels, silences,
 * readiness criteria) made through the API: stored as the caller's, audited
 * as one, and refused for those the config file owns.
 */

export interface DefinitionEdit {
  id: string
  /** The audit action (`alert.create`, `channel.delete`…). */
  action: string
  details: Record<string, unknown>
}

/** Stores `definition` as made through the API by the caller, and records who did it. */
export async function saveFromApi<T>(
  definitions: DefinitionStore<T>,
  audit: AuditLog,
  principal: Principal,
  edit: DefinitionEdit & { definition: T },
): Promise<StoredDefinition<T>> {
  const entry = await definitions.put({
    projectId: principal.projectId,
    id: edit.id,
    source: 'api',
    definition: edit.definition,
    updatedBy: principal.keyId,
  })
  await recordEdit(audit, principal, edit)
  return entry
}

/** Deletes a definition for the caller, and records who did it. */
export async function deleteFromApi<T>(
  definitions: DefinitionStore<T>,
  audit: AuditLog,
  principal: Principal,
  edit: DefinitionEdit,
): Promise<void> {
  await definitions.delete(principal.projectId, edit.id, principal.keyId)
  await recordEdit(audit, principal, edit)
}

function recordEdit(audit: AuditLog, principal: Principal, edit: DefinitionEdit) {
  return audit.record({
    projectId: principal.projectId,
    actor: principal,
    action: edit.action,
    target: edit.id,
    details: edit.details,
  })
}

/**
 * The stored definition (undefined if none), unless the config file owns it:
 * then 409, since the file would undo the change at the next start.
 * `what` names it in the message: `The alert rule "x"`.
 */
export async function editableDefinition<T>(
  definitions: DefinitionStore<T>,
  projectId: string,
  id: string,
  what: string,
): Promise<StoredDefinition<T> | undefined> {
  const entry = await definitions.get(projectId, id)
  if (entry?.source === 'file')
    throw new VigilError(
      'DEFINED_IN_FILE',
      `${what} comes from the config file (vigil.config.*): change it there`,
    )
  return entry
}
