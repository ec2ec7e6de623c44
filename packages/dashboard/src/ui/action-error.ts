import { ApiError } from '../api/api-client.js'

/**
 * What to tell a person whose change the API refused. Changes need the
 * `admin` scope; a 403 means the signed-in key lacks it, which the API's
 * generic message does not say in the dashboard's terms.
 */
export function describeActionError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403)
      return 'This key lacks the admin scope: sign in with an admin key to change alerts, keys, prices or settings.'
    if (error.code === 'VIGIL_ERR_DEFINED_IN_FILE')
      return `${error.message} (it comes from vigil.config.*: change it there and restart the collector).`
    return error.message
  }
  return error instanceof Error ? error.message : String(error)
}

/** Whether an error means the key may read but not change this. */
export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403
}
