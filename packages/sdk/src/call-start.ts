import type { Attributes } from '@opentelemetry/api'
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_VIGIL_ENVIRONMENT,
  ATTR_VIGIL_PROMPT_VERSION,
  ATTR_VIGIL_SESSION_ID,
  ATTR_VIGIL_SUBJECT_ID,
  ATTR_VIGIL_TAGS,
  ATTR_VIGIL_USE_CASE,
  ATTR_VIGIL_USER_ID,
} from './attributes.js'
import type { CallContext } from './context.js'
import type { LlmCallMeta } from './observe.js'

const DEFAULT_OPERATION = 'chat'

/** What a model call's span starts with. */
export interface CallStart {
  /** `{operation} {model}`, or the operation alone when the model is unknown. */
  name: string
  attributes: Attributes
}

/**
 * The span name and start attributes of a model call: the GenAI ones from
 * `meta`, then the `vigil.*` context values. Those come in three layers, each
 * overriding the one before field by field (tags add up instead):
 *
 * 1. `clientContext`: the options of a wrapped client (`observeOpenAI(client, { useCase })`),
 *    a default for every call that client makes;
 * 2. `scopeContext`: the enclosing `withContext()` values, which know the
 *    request at hand better than a client set up once at startup;
 * 3. `meta`: the call's own values (`observe(meta, fn)`), the most specific.
 *
 * @throws TypeError when `meta` is not an object (callers guard).
 */
export function callStart<T>(
  meta: LlmCallMeta<T>,
  scopeContext: CallContext,
  clientContext: CallContext | undefined,
): CallStart {
  if (typeof meta !== 'object' || meta === null) throw new TypeError('meta must be an object')
  const operation = text(meta.operation) ?? DEFAULT_OPERATION
  const provider = text(meta.provider)
  const model = text(meta.model)
  const attributes: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: operation }
  if (provider !== undefined) attributes[ATTR_GEN_AI_PROVIDER_NAME] = provider
  if (model !== undefined) attributes[ATTR_GEN_AI_REQUEST_MODEL] = model
  addCallContextAttributes(attributes, [clientContext, scopeContext, meta])
  return { name: model === undefined ? operation : `${operation} ${model}`, attributes }
}

/** A non-empty string, or undefined: JavaScript callers can pass anything. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}

/**
 * Adds the `vigil.*` attributes of `layers` merged as {@link mergeCallContext}
 * (context.ts) would merge them in order (a later layer wins field by field, tags add up),
 * without building the merged contexts: this runs for every model call, so
 * each field is read by name rather than through the FIELDS table.
 */
function addCallContextAttributes(target: Attributes, layers: readonly unknown[]): void {
  let useCase: string | undefined
  let userId: string | undefined
  let sessionId: string | undefined
  let promptVersion: string | undefined
  let environment: string | undefined
  let subjectId: string | undefined
  let tags: string[] | undefined
  for (const layer of layers) {
    if (typeof layer !== 'object' || layer === null) continue
    const given = layer as { [K in keyof CallContext]?: unknown }
    useCase = usable(given.useCase) ?? useCase
    userId = usable(given.userId) ?? userId
    sessionId = usable(given.sessionId) ?? sessionId
    promptVersion = usable(given.promptVersion) ?? promptVersion
    environment = usable(given.environment) ?? environment
    subjectId = usable(given.subjectId) ?? subjectId
    if (Array.isArray(given.tags)) tags = addTags(tags, given.tags)
  }
  // In the order callContextAttributes (context.ts) writes them.
  if (useCase !== undefined) target[ATTR_VIGIL_USE_CASE] = useCase
  if (userId !== undefined) target[ATTR_VIGIL_USER_ID] = userId
  if (sessionId !== undefined) target[ATTR_VIGIL_SESSION_ID] = sessionId
  if (promptVersion !== undefined) target[ATTR_VIGIL_PROMPT_VERSION] = promptVersion
  if (environment !== undefined) target[ATTR_VIGIL_ENVIRONMENT] = environment
  if (subjectId !== undefined) target[ATTR_VIGIL_SUBJECT_ID] = subjectId
  if (tags !== undefined) target[ATTR_VIGIL_TAGS] = tags
}

function usable(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}

function addTags(tags: string[] | undefined, given: unknown[]): string[] | undefined {
  let merged = tags
  for (const tag of given) {
    if (typeof tag !== 'string' || tag === '') continue
    if (merged === undefined) merged = [tag]
    else if (!merged.includes(tag)) merged.push(tag)
  }
  return merged
}
