import type { Attributes } from '@opentelemetry/api'
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
} from './attributes.js'
import { type CallContext, callContextAttributes, mergeCallContext } from './context.js'
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
  const layers: unknown[] = [clientContext, scopeContext, meta]
  const values = layers.reduce<CallContext>((merged, layer) => mergeCallContext(merged, layer), {})
  return {
    name: model === undefined ? operation : `${operation} ${model}`,
    attributes: { ...attributes, ...callContextAttributes(values) },
  }
}

/** A non-empty string, or undefined: JavaScript callers can pass anything. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}
