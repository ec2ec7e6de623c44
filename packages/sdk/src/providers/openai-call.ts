import type { CallContext } from '../context.js'
import { activePipeline, sdkLogger } from '../init.js'
import { ObservedCall } from './openai-observed-call.js'
import type { OpenAiOperation } from './openai-operation.js'

/** What a wrapped client adds to each of its calls. */
export interface CallSettings {
  context: CallContext
  /** Overrides the provider derived from the base URL. */
  provider: string | undefined
  askForStreamUsage: boolean
  baseURL: () => unknown
}

let warnedUninitialized = false

/**
 * Runs one call of an instrumented OpenAI method as one span. Without init()
 * the call runs exactly as the app made it; with it, only chat streams change
 * (Vigil asks for usage). The app gets the client's own result and errors.
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
  const call = ObservedCall.start(operation, args, settings)
  if (call === undefined) return Reflect.apply(original, target, args)
  let result: unknown
  try {
    result = Reflect.apply(original, target, call.args)
  } catch (error) {
    call.end({ attributes: {} }, { error })
    throw error
  }
  call.watch(result)
  return result
}

function warnUninitialized(): void {
  if (warnedUninitialized) return
  warnedUninitialized = true
  sdkLogger().warn(
    'observeOpenAI(): a call ran before init() (or after shutdown()), so it is not recorded. Call init() at startup.',
  )
}
