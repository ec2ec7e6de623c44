import { type Attributes, type Context, type Span, SpanKind } from '@opentelemetry/api'
import {
  ATTR_VIGIL_CACHE_HIT,
  ATTR_VIGIL_FALLBACK_ATTEMPT,
  ATTR_VIGIL_FALLBACK_ATTEMPTS,
  ATTR_VIGIL_FALLBACK_NAME,
  ATTR_VIGIL_FALLBACK_REASON,
  ATTR_VIGIL_FALLBACK_SERVED,
  ATTR_VIGIL_FALLBACK_SERVED_ATTEMPT,
  ATTR_VIGIL_FALLBACK_SERVED_STEP,
  ATTR_VIGIL_FALLBACK_STEP,
} from './attributes.js'
import {
  callContextAttributes,
  contextWithSpan,
  getCallContext,
  runInContext,
  vigilContext,
} from './context.js'
import { FallbackAttempt, setAttempt } from './fallback-attempt.js'
import { describeError } from './logger.js'
import { markFailed } from './span-failure.js'
import type { TracePipeline } from './trace-pipeline.js'

/**
 * Why a `withFallback` chain left a step (`vigil.fallback.reason`).
 *
 * @example
 * ```ts
 * const reason: FallbackReason = 'rate_limit'
 * ```
 */
export type FallbackReason = 'error' | 'timeout' | 'rate_limit' | 'rejected'

/** What became of one attempt. */
export interface AttemptOutcome {
  index: number
  step: string
  cache: boolean
  served: boolean
  reason?: FallbackReason
  error?: unknown
}

/**
 * The spans of one `withFallback` chain: an INTERNAL parent span
 * `fallback <name>` active while the steps run, so their model calls become
 * its children, and the attempt attributes (on the step's model call, or on
 * a span of the step's own when it made none). Never throws; faults are logged.
 */
export class FallbackRecorder {
  private constructor(
    private readonly pipeline?: TracePipeline,
    private readonly span?: Span,
    private readonly inside?: Context,
    private readonly chainAttributes: Attributes = {},
  ) {}

  static start(name: string | undefined, pipeline: TracePipeline | undefined): FallbackRecorder {
    if (pipeline === undefined) return new FallbackRecorder()
    try {
      const shared: Attributes = callContextAttributes(getCallContext(vigilContext()))
      if (name !== undefined) shared[ATTR_VIGIL_FALLBACK_NAME] = name
      const span = pipeline.startSpan(name === undefined ? 'fallback' : `fallback ${name}`, {
        kind: SpanKind.INTERNAL,
        attributes: shared,
      })
      return new FallbackRecorder(pipeline, span, contextWithSpan(span, pipeline.attached), shared)
    } catch (error) {
      pipeline.logger.error(
        `withFallback() could not start its span, so it is not recorded: ${describeError(error)}`,
      )
      return new FallbackRecorder()
    }
  }

  /** A new attempt for model calls to enlist in; undefined when not recording. */
  newAttempt(): FallbackAttempt | undefined {
    return this.span === undefined ? undefined : new FallbackAttempt()
  }

  /** Runs a step's function inside the chain span, with `attempt` as the one model calls enlist in. */
  runAttempt<R>(attempt: FallbackAttempt | undefined, fn: () => R): R {
    const { inside, pipeline } = this
    if (inside === undefined || pipeline === undefined || attempt === undefined) return fn()
    return runInContext(setAttempt(inside, attempt), fn, pipeline.attached)
  }

  /** Records the outcome on the attempt's model call, or on a span of its own when the step made none. */
  settleAttempt(attempt: FallbackAttempt | undefined, outcome: AttemptOutcome): void {
    const { pipeline, inside } = this
    if (attempt === undefined || pipeline === undefined || inside === undefined) return
    try {
      const attributes: Attributes = {
        [ATTR_VIGIL_FALLBACK_ATTEMPT]: outcome.index,
        [ATTR_VIGIL_FALLBACK_STEP]: outcome.step,
        [ATTR_VIGIL_FALLBACK_SERVED]: outcome.served,
      }
      const name = this.chainAttributes[ATTR_VIGIL_FALLBACK_NAME]
      if (name !== undefined) attributes[ATTR_VIGIL_FALLBACK_NAME] = name
      if (outcome.reason !== undefined) attributes[ATTR_VIGIL_FALLBACK_REASON] = outcome.reason
      if (outcome.cache) attributes[ATTR_VIGIL_CACHE_HIT] = outcome.served
      if (attempt.settle(attributes)) return
      // No model call in this step (a cache lookup, a human queue…): a span of its own, from the attempt's start.
      const span = pipeline.startSpan(
        `fallback.step ${outcome.step}`,
        {
          kind: SpanKind.INTERNAL,
          attributes: { ...this.chainAttributes, ...attributes },
          startTime: attempt.startTime,
        },
        inside,
      )
      if (outcome.reason !== undefined && outcome.reason !== 'rejected') markFailed(span, outcome.error)
      span.end()
    } catch (error) {
      pipeline.logger.error(`Could not record a fallback attempt: ${describeError(error)}`)
    }
  }

  /** Ends the chain span: how many attempts, which step served (if any), whether a cache served. */
  finish(attempts: number, served: AttemptOutcome | undefined, hasCacheStep: boolean, error?: unknown): void {
    const { span, pipeline } = this
    if (span === undefined || pipeline === undefined) return
    try {
      span.setAttribute(ATTR_VIGIL_FALLBACK_ATTEMPTS, attempts)
      if (served !== undefined) {
        span.setAttribute(ATTR_VIGIL_FALLBACK_SERVED_STEP, served.step)
        span.setAttribute(ATTR_VIGIL_FALLBACK_SERVED_ATTEMPT, served.index)
      } else {
        markFailed(span, error)
      }
      if (hasCacheStep) span.setAttribute(ATTR_VIGIL_CACHE_HIT, served?.cache === true)
    } catch (failure) {
      pipeline.logger.error(`Could not record the outcome of a fallback chain: ${describeError(failure)}`)
    }
    try {
      span.end()
    } catch (failure) {
      pipeline.logger.error(`Could not end the span of a fallback chain: ${describeError(failure)}`)
    }
  }
}
