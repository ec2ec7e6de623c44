import type { CallContext } from '../context.js'
import { activePipeline, sdkLogger } from '../init.js'
import { LlmCallRecorder } from '../llm-call-recorder.js'
import { describeError } from '../logger.js'
import type { LlmCallMeta } from '../observe.js'
import { describeEndpoint, type OpenAiEndpoint } from './openai-endpoint.js'
import { ObservedCall } from './openai-observed-call.js'
import type { OpenAiOperation } from './openai-operation.js'
import { isRecord } from './openai-usage.js'

/** What a wrapped client adds to each of its calls. */
export interface CallSettings {
  /** The client's `useCase`, `userId`…: defaults below `withContext()` values (see `callStart`). */
  context: CallContext
  /** Overrides the provider derived from the base URL. */
  provider: string | undefined
  askForStreamUsage: boolean
  baseURL: () => unknown
  /** The endpoint read from the last base URL seen: parsing a URL per call costs about a microsecond. */
  endpointCache?: { baseURL: unknown; endpoint: OpenAiEndpoint }
}

let warnedUninitialized = false

/**
 * Runs one call of an instrumented OpenAI method as one span, active while the
 * client sends the request. Without init() the call runs exactly as the app
 * made it; with it, only chat streams change (Vigil asks for usage). The app
 * gets the client's own result and errors.
 */
export function callOpenAi(
  operation: OpenAiOperation,
  original: (...args: unknown[]) => unknown,
  target: object,
  args: unknown[],
  settings: CallSettings,
): unknown {
  if (activePipeline() === undefined) {
    warnUninitialized()
    return Reflect.apply(original, target, args)
  }
  const call = startCall(operation, args, settings)
  if (call === undefined) return Reflect.apply(original, target, args)
  let result: unknown
  try {
    result = call.run(() => Reflect.apply(original, target, call.args))
  } catch (error) {
    call.end({ attributes: {} }, { error })
    throw error
  }
  return call.watch(result)
}

/**
 * Starts the span of one call: the request's attributes and, with content
 * capture, its messages. Undefined when the call is not to be recorded (a body
 * the client will reject anyway) or recording cannot start (logged).
 */
function startCall(
  operation: OpenAiOperation,
  args: unknown[],
  settings: CallSettings,
): ObservedCall | undefined {
  const logger = sdkLogger()
  try {
    const body = args[0]
    // Not a request the client can send: let it reject it, unrecorded.
    if (!isRecord(body)) return undefined
    const endpoint = endpointOf(settings)
    const attributes = operation.requestAttributes(body)
    const prepared = operation.prepare?.(body, settings.askForStreamUsage)
    const meta: LlmCallMeta = {
      provider: settings.provider ?? endpoint.provider,
      model: typeof body.model === 'string' ? body.model : '',
      operation: operation.name,
    }
    const recorder = LlmCallRecorder.start(meta, activePipeline(), logger, {
      clientContext: settings.context,
    })
    recorder.setAttributes(endpoint.attributes)
    recorder.setAttributes(attributes)
    // Messages are built only when content capture keeps them: prompts can be large.
    if (recorder.capturesContent) {
      const messages = operation.inputMessages(body)
      if (messages.system.length > 0) recorder.recordMessages('system', messages.system)
      if (messages.input.length > 0) recorder.recordMessages('input', messages.input)
    }
    const sent = prepared === undefined ? args : [prepared.body, ...args.slice(1)]
    return new ObservedCall(operation, recorder, body, prepared?.hideUsageChunk === true, sent, logger)
  } catch (error) {
    logger.error(`Could not start recording an OpenAI call; it runs unrecorded: ${describeError(error)}`)
    return undefined
  }
}

/** Where the client sends its calls, re-read when the app changes its base URL. */
function endpointOf(settings: CallSettings): OpenAiEndpoint {
  const baseURL = settings.baseURL()
  const cached = settings.endpointCache
  if (cached !== undefined && cached.baseURL === baseURL) return cached.endpoint
  const endpoint = describeEndpoint(baseURL)
  settings.endpointCache = { baseURL, endpoint }
  return endpoint
}

function warnUninitialized(): void {
  if (warnedUninitialized) return
  warnedUninitialized = true
  sdkLogger().warn(
    'observeOpenAI(): a call ran before init() (or after shutdown()), so it is not recorded. Call init() at startup.',
  )
}
