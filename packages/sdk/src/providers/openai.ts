import type { CallContext } from '../context.js'
import { sdkLogger } from '../init.js'
import { describeError } from '../logger.js'
import { type CallSettings, callOpenAi } from './openai-call.js'
import { chatCompletions } from './openai-chat.js'
import { embeddings } from './openai-embeddings.js'
import type { OpenAiOperation } from './openai-operation.js'
import { responses } from './openai-responses.js'

/**
 * Options of {@link observeOpenAI}. The {@link CallContext} fields (`useCase`,
 * `userId`, `sessionId`, `promptVersion`, `tags`…) are defaults for every call
 * the wrapped client makes: the values of an enclosing `withContext()` win
 * over them, field by field, and `tags` add up.
 *
 * @example
 * ```ts
 * const options: ObserveOpenAIOptions = { useCase: 'support-reply', tags: ['beta'] }
 * ```
 */
export interface ObserveOpenAIOptions extends CallContext {
  /**
   * `gen_ai.provider.name`. By default derived from the client's `baseURL`:
   * `azure.ai.openai` for `*.openai.azure.com`, `groq`, `x_ai`, `mistral_ai`,
   * `deepseek`, `gcp.gemini` for their OpenAI-compatible hosts, else `openai`.
   */
  provider?: string
  /**
   * Chat streams report token usage only when asked (`stream_options.include_usage`).
   * When the app did not ask, Vigil asks and hides the extra usage chunk from
   * the app. Default true; set false for an OpenAI-compatible server that
   * rejects `stream_options` (such streams then record no tokens).
   */
  streamUsage?: boolean
}

/** Marks `withOptions`, whose result (a new client) is wrapped like the original. */
const REWRAP = Symbol('rewrap')
type Tree = { [member: string]: Tree | OpenAiOperation | typeof REWRAP }

// The members that are instrumented; every other member is the client's own.
const INSTRUMENTED: Tree = {
  chat: { completions: { create: chatCompletions, parse: chatCompletions } },
  responses: { create: responses, parse: responses },
  embeddings: { create: embeddings },
  withOptions: REWRAP,
}

/**
 * Wraps an `openai` client so that each model call becomes one OpenTelemetry
 * GenAI span: `chat.completions.create` / `.parse`, `responses.create` /
 * `.parse` (plain and streamed) and `embeddings.create`, with model, request
 * parameters, response id and model, finish reasons, token usage (cached and
 * reasoning included) and time to first chunk. The app gets the client's own
 * results: the same `APIPromise` (`withResponse()` works), the same `Stream`
 * object (`tee()`, `toReadableStream()`, `controller`), the same errors.
 * Every other member passes through: objects as they are, methods bound to
 * the real client (the client keeps private fields that a proxy cannot reach).
 * Vigil never throws into the app, and without `init()` the client behaves
 * exactly as unwrapped. `openai` itself is not imported: it stays the app's
 * dependency.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai'
 * import { init, observeOpenAI } from '@vigil/sdk'
 *
 * init({ serviceName: 'support-bot' })
 * const openai = observeOpenAI(new OpenAI(), { useCase: 'support-reply', promptVersion: 'v3' })
 * const stream = await openai.chat.completions.create({ model: 'gpt-4o', messages, stream: true })
 * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '')
 * ```
 */
export function observeOpenAI<Client extends object>(
  client: Client,
  options: ObserveOpenAIOptions = {},
): Client {
  try {
    if (typeof client !== 'object' || client === null) return client
    const given: ObserveOpenAIOptions = typeof options === 'object' && options !== null ? options : {}
    const { provider, streamUsage, ...context } = given
    const settings: CallSettings = {
      context,
      provider: typeof provider === 'string' && provider !== '' ? provider : undefined,
      askForStreamUsage: streamUsage !== false,
      baseURL: () => (client as { baseURL?: unknown }).baseURL,
    }
    return proxy(client, INSTRUMENTED, settings, given)
  } catch (error) {
    sdkLogger().error(
      `observeOpenAI() could not wrap the client, so its calls are not recorded: ${describeError(error)}`,
    )
    return client
  }
}

function proxy<T extends object>(
  target: T,
  tree: Tree,
  settings: CallSettings,
  options: ObserveOpenAIOptions,
): T {
  // Replacements are cached by the member they replace, so `wrapped.chat === wrapped.chat`
  // and a member the app reassigns gets a fresh one.
  const replaced = new Map<PropertyKey, { source: unknown; replacement: unknown }>()
  return new Proxy(target, {
    get(object, key) {
      // The real object as receiver: getters and private fields work as without Vigil.
      const value: unknown = Reflect.get(object, key)
      try {
        const cached = replaced.get(key)
        if (cached !== undefined && cached.source === value) return cached.replacement
        const replacement = replace(object, key, value, tree, settings, options)
        if (replacement !== value) replaced.set(key, { source: value, replacement })
        return replacement
      } catch (error) {
        sdkLogger().error(
          `observeOpenAI(): could not look up ${String(key)}; using it unwrapped: ${describeError(error)}`,
        )
        return value
      }
    },
  })
}

function replace(
  object: object,
  key: PropertyKey,
  value: unknown,
  tree: Tree,
  settings: CallSettings,
  options: ObserveOpenAIOptions,
): unknown {
  // A proxy must return a frozen member as it is.
  const own = Object.getOwnPropertyDescriptor(object, key)
  if (own !== undefined && own.configurable === false && own.writable === false) return value
  const node = typeof key === 'string' && Object.hasOwn(tree, key) ? tree[key] : undefined
  if (typeof value === 'function') {
    const method = value as (...args: unknown[]) => unknown
    if (node === REWRAP) {
      return (...args: unknown[]) => {
        const result = Reflect.apply(method, object, args)
        return typeof result === 'object' && result !== null ? observeOpenAI(result, options) : result
      }
    }
    if (isOperation(node)) return (...args: unknown[]) => callOpenAi(node, method, object, args, settings)
    // Bound, because methods of the client use its private (#) fields, which fail on a proxy `this`.
    return key === 'constructor' ? value : method.bind(object)
  }
  if (
    node !== undefined &&
    node !== REWRAP &&
    !isOperation(node) &&
    typeof value === 'object' &&
    value !== null
  ) {
    return proxy(value, node, settings, options)
  }
  return value
}

function isOperation(node: Tree[string] | undefined): node is OpenAiOperation {
  return typeof node === 'object' && typeof (node as Partial<OpenAiOperation>).report === 'function'
}
