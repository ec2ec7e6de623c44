import { sdkLogger } from '../init.js'
import { describeError } from '../logger.js'
import { type AnthropicEndpoint, anthropicEndpoint } from './anthropic-endpoint.js'
import { observeMessages } from './anthropic-messages.js'
import type { AnthropicCallContext } from './anthropic-messages-call.js'

/**
 * Context recorded on every call of one observed client, to slice cost and
 * quality by feature, user, session or prompt version. These are defaults:
 * the values of an enclosing `withContext()` win over them, field by field,
 * and `tags` add up.
 *
 * @example
 * ```ts
 * const options: ObserveAnthropicOptions = { useCase: 'support-reply', promptVersion: 'v3' }
 * ```
 */
export interface ObserveAnthropicOptions {
  /** `vigil.use_case`: the product feature these calls serve, e.g. `support-reply`. */
  useCase?: string
  /** `vigil.user_id` */
  userId?: string
  /** `vigil.session_id` */
  sessionId?: string
  /** `vigil.prompt_version` */
  promptVersion?: string
  /** `vigil.tags` */
  tags?: string[]
}

type Method = (...args: unknown[]) => unknown

const observedClients = new WeakSet<object>()

/**
 * Records the model calls of an `@anthropic-ai/sdk` client (also
 * `AnthropicBedrock` and `AnthropicVertex`, recorded as `aws.bedrock` and
 * `gcp.vertex_ai`) as OpenTelemetry GenAI spans, and returns it otherwise
 * unchanged. `messages.create()` (plain and `stream: true`) and
 * `messages.stream()` are recorded: model, sampling parameters, response id
 * and model, finish reasons, usage with cache reads and writes (input tokens
 * include them, as the conventions say) and time to the first streamed chunk.
 *
 * The app gets exactly what the SDK returns: the same Message, the SDK's own
 * `Stream` (with `controller`, `tee()`, `toReadableStream()`) and
 * `MessageStream`, `withResponse()` and `asResponse()` on the promise, and
 * the SDK's error objects themselves. A streamed call's span ends when the
 * app finishes reading, stops (`break`), aborts, or the stream fails; a stream
 * the app never reads nor aborts is not recorded. `stop_reason: 'refusal'` is
 * recorded as a finish reason, not as an error: the call succeeded.
 *
 * Everything else on the client is the original: resources such as `models`
 * are the same objects, and methods run with the real client as `this`
 * (`withOptions()` returns an observed client too). Recording never throws
 * into the app, and before {@link init} it does nothing at all. The SDK is
 * not imported: this works whether or not it is installed.
 *
 * @example
 * ```ts
 * import Anthropic from '@anthropic-ai/sdk'
 * import { init, observeAnthropic } from '@vigil/sdk'
 *
 * init({ serviceName: 'support-bot' })
 * const anthropic = observeAnthropic(new Anthropic(), { useCase: 'support-reply' })
 *
 * const request = {
 *   model: 'claude-sonnet-4-6',
 *   max_tokens: 1024,
 *   messages: [{ role: 'user' as const, content: 'Where is my order?' }],
 * }
 * const message = await anthropic.messages.create(request) // one span, usage included
 * await anthropic.messages
 *   .stream(request)
 *   .on('text', (text) => process.stdout.write(text)) // the span ends with the stream
 *   .finalMessage()
 * ```
 */
export function observeAnthropic<C extends object>(client: C, options: ObserveAnthropicOptions = {}): C {
  try {
    if ((typeof client !== 'object' && typeof client !== 'function') || client === null) {
      sdkLogger().warn(
        'observeAnthropic() expects an @anthropic-ai/sdk client; its argument is returned as is.',
      )
      return client
    }
    if (observedClients.has(client)) return client // observing twice would record every call twice
    const proxy = observeClient(client, contextOf(options))
    observedClients.add(proxy)
    return proxy
  } catch (error) {
    sdkLogger().error(
      `observeAnthropic() failed, so this client's calls are not recorded: ${describeError(error)}`,
    )
    return client
  }
}

function observeClient<C extends object>(client: C, context: AnthropicCallContext): C {
  const boundMethods = new Map<unknown, Method>()
  let messages: { original: object; proxy: object } | undefined
  let endpoint: { baseURL: unknown; value: AnthropicEndpoint } | undefined
  // Read per call: the SDK may settle baseURL lazily (credential profiles), and apps may change it.
  const endpointNow = (): AnthropicEndpoint => {
    const baseURL: unknown = Reflect.get(client, 'baseURL')
    if (endpoint === undefined || endpoint.baseURL !== baseURL) {
      endpoint = { baseURL, value: anthropicEndpoint(client) }
    }
    return endpoint.value
  }
  return new Proxy(client, {
    get(target, property) {
      // The real client as receiver: getters may read private fields too.
      const value: unknown = Reflect.get(target, property)
      try {
        if (property === 'messages' && typeof value === 'object' && value !== null) {
          if (messages?.original !== value) {
            messages = { original: value, proxy: observeMessages(value, endpointNow, context) }
          }
          return messages.proxy
        }
        // Own properties (resources, `fetch`, `baseURL`…) are returned as they are.
        if (typeof value !== 'function' || property === 'constructor' || Object.hasOwn(target, property)) {
          return value
        }
        let bound = boundMethods.get(value)
        if (bound === undefined) {
          bound = boundMethod(value as Method, target, property, context)
          boundMethods.set(value, bound)
        }
        return bound
      } catch (error) {
        sdkLogger().error(
          `observeAnthropic() could not wrap client.${String(property)}: ${describeError(error)}`,
        )
        return value
      }
    },
    set: (target, property, value) => Reflect.set(target, property, value),
  })
}

/**
 * A client method bound to the real client: the SDK's client keeps private
 * fields (`#…`) that a Proxy as `this` would make its methods throw on.
 */
function boundMethod(method: Method, client: object, property: PropertyKey, context: AnthropicCallContext) {
  if (property !== 'withOptions') return method.bind(client)
  // A copy with other options (timeout, headers…) makes the same kind of calls: record them too.
  return (...args: unknown[]) => {
    const copy = method.apply(client, args)
    return typeof copy === 'object' && copy !== null ? observeAnthropic(copy, context) : copy
  }
}

/** Only the known fields: a JavaScript caller can pass anything as options. */
function contextOf(options: unknown): AnthropicCallContext {
  if (typeof options !== 'object' || options === null) return {}
  const { useCase, userId, sessionId, promptVersion, tags } = options as ObserveAnthropicOptions
  return { useCase, userId, sessionId, promptVersion, tags }
}
