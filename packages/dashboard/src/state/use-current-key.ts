import { api, type WhoAmI } from '../api/api-client.js'
import { useApi } from './use-api.js'

/**
 * The signed-in key's project and scopes, so pages can say up front that a
 * read-only key will not be allowed to change anything (the API still has
 * the last word: a 403 is explained where it happens).
 */
export function useCurrentKey(): { whoAmI: WhoAmI | undefined; isAdmin: boolean | undefined } {
  const { data } = useApi(() => api.get<WhoAmI>('/api/v1/projects/current'), [])
  return { whoAmI: data, isAdmin: data ? data.key.scopes.includes('admin') : undefined }
}
