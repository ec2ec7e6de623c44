/**
 * The dashboard talks only to the public API (`/api/v1/*`), with the key the
 * user signed in with, kept in this browser's localStorage. Errors carry the
 * API's stable code and message, so pages can show what went wrong.
 */

const KEY_STORAGE = 'vigil.apiKey'

export class ApiError extends Error {
  readonly status: number
  readonly code: string

  constructor(status: number, code: string, message: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
  }
}

type Listener = () => void
const signOutListeners = new Set<Listener>()

export function storedKey(): string | null {
  return localStorage.getItem(KEY_STORAGE)
}

export function signIn(key: string): void {
  localStorage.setItem(KEY_STORAGE, key)
}

export function signOut(): void {
  localStorage.removeItem(KEY_STORAGE)
  for (const listener of signOutListeners) listener()
}

/** Called when the key is dropped (sign-out, or a 401 from the API). */
export function onSignOut(listener: Listener): () => void {
  signOutListeners.add(listener)
  return () => signOutListeners.delete(listener)
}

export type QueryValue = string | number | boolean | undefined | null
export type Query = Record<string, QueryValue | readonly string[]>

/** `?a=1&b=x`, leaving out empty values; arrays are comma-joined (the API's list form). */
export function queryString(query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    params.set(name, Array.isArray(value) ? value.join(',') : String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

async function request<T>(method: string, path: string, body?: unknown, key = storedKey()): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  const json: unknown = text ? JSON.parse(text) : undefined
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error
    if (response.status === 401 && key === storedKey()) signOut()
    throw new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? `${method} ${path} answered ${response.status}`,
    )
  }
  return json as T
}

export interface WhoAmI {
  project: { id: string; name: string; createdAt: string | null }
  key: { id: string; scopes: ('ingest' | 'read' | 'admin')[]; instanceAdmin: boolean }
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', `${path}${queryString(query)}`),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** Checks a key before keeping it: the project it belongs to, or an ApiError. */
  whoAmI: (key: string) => request<WhoAmI>('GET', '/api/v1/projects/current', undefined, key),
}
