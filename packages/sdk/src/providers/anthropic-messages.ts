import { activePipeline, sdkLogger } from '../init.js'
import { describeError } from '../logger.js'
import type { AnthropicEndpoint } from './anthropic-endpoint.js'
import { type AnthropicCallContext, AnthropicMessagesCall } from './anthropic-messages-call.js'
import { watchApiPromise } from './api-promise.js'

type Method = (this: unknown, ...args: unknown[]) => unknown

let warnedStreamBypass = false

/**
 * The client's `messages` resource behind a Proxy that records `create()`
 * (plain and `stream: true`). `stream()` is recorded through `create()`: the
 * SDK's `MessageStream` calls `create({ stream: true })` on the resource it
 * was called on, which is this Proxy, so the app keeps the SDK's own
 * `MessageStream` (events, `.on('text')`, `finalMessage()`, async iteration)
 * and the span sees the same events the helper reads.
 *
 * Every other property is the original value, methods included (same
 * identity); they run with the Proxy as `this`, which the resource allows
 * (it has no private fields), so `parse()`, which calls `this.create()`, is
 * recorded too.
 */
export function observeMessages(
  messages: object,
  endpointNow: () => AnthropicEndpoint,
  context: AnthropicCallContext,
): object {
  const wrappers = new Map<unknown, Method>()
  let creates = 0

  const observedCreate = (create: Method): Method =>
    function (this: unknown, ...args: unknown[]): unknown {
      creates++
      let call: AnthropicMessagesCall | undefined
      try {
        call = AnthropicMessagesCall.start(args[0], endpointNow(), context)
      } catch (error) {
        sdkLogger().error(
          `Could not start recording an Anthropic call; it runs unrecorded: ${describeError(error)}`,
        )
      }
      if (call === undefined) return Reflect.apply(create, this, args)
      let result: unknown
      try {
        result = call.run(() => Reflect.apply(create, this, args))
      } catch (error) {
        call.onError(error)
        throw error
      }
      const handed = watchApiPromise(result, call, sdkLogger(), 'Anthropic')
      if (handed !== undefined) return handed
      call.endWithoutAnswer()
      return result
    }

  const observedStream = (stream: Method): Method =>
    function (this: unknown, ...args: unknown[]): unknown {
      const before = creates
      const result = Reflect.apply(stream, this, args)
      // MessageStream calls create() synchronously; a future SDK that does not would go unrecorded.
      if (creates === before && this === proxy && activePipeline() !== undefined && !warnedStreamBypass) {
        warnedStreamBypass = true
        sdkLogger().warn(
          'messages.stream() of this @anthropic-ai/sdk version does not go through messages.create(), so ' +
            'Vigil cannot record it. Use messages.create({ stream: true }), or report your SDK version.',
        )
      }
      return result
    }

  const proxy: object = new Proxy(messages, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property)
      if (typeof value !== 'function' || (property !== 'create' && property !== 'stream')) return value
      let wrapper = wrappers.get(value)
      if (wrapper === undefined) {
        wrapper = property === 'create' ? observedCreate(value as Method) : observedStream(value as Method)
        wrappers.set(value, wrapper)
      }
      return wrapper
    },
    set: (target, property, value) => Reflect.set(target, property, value),
  })
  return proxy
}
