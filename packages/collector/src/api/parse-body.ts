import type { z } from 'zod'
import { VigilError } from '../errors.js'

/**
 * Validates a JSON request body, answering 400 VIGIL_ERR_INVALID_BODY with the
 * field's path (`models["gpt-4.1"].input`) and what is allowed, so a client
 * can fix the one field instead of guessing.
 */
export function parseBody<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input ?? undefined)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  if (!issue) throw new VigilError('INVALID_BODY', 'Invalid request body')
  if (issue.code === 'unrecognized_keys') {
    const fields = issue.keys.map((key) => fieldPath([...issue.path, key])).join('", "')
    throw new VigilError('INVALID_BODY', `Unknown field "${fields}"`)
  }
  const field = issue.path.length > 0 ? fieldPath(issue.path) : 'body'
  throw new VigilError('INVALID_BODY', `Invalid field "${field}": ${issue.message}`)
}

/** `a.b[0]["gpt-4.1"]`: dots only where the key is a plain identifier, so model names stay readable. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`
    else out += `[${JSON.stringify(String(key))}]`
  }
  return out
}
