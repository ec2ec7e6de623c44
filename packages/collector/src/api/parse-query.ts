import type { z } from 'zod'
import { VigilError } from '../errors.js'

/** Validates query parameters, answering 400 with the parameter's name and what is allowed. */
export function parseQuery<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  if (issue?.code === 'unrecognized_keys') {
    throw new VigilError('INVALID_PARAMS', `Unknown query parameter "${issue.keys.join('", "')}"`)
  }
  const name = issue?.path.join('.') || 'query'
  throw new VigilError(
    'INVALID_PARAMS',
    `Invalid query parameter "${name}": ${issue?.message ?? 'invalid value'}`,
  )
}
