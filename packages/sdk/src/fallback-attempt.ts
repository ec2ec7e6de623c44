import { type Attributes, type Context, createContextKey, type Span } from '@opentelemetry/api'

const ATTEMPT = createContextKey('Vigil fallback attempt')

interface Member {
  span: Span
  endTime: number | undefined
}

/**
 * One step's try in a `withFallback` chain, as seen by the model calls made in
 * it. A call started directly inside the step (observe or a wrapped client, not
 * nested in another call) enlists; when the chain decides about the attempt,
 * the LAST call started becomes the attempt's span and gets the
 * `vigil.fallback.*` attributes. Enlisted spans end only then, with the end time
 * they reported: the decision (rejected by `accept`, served…) comes after the
 * call has ended, and an ended span can no longer take attributes.
 */
export class FallbackAttempt {
  readonly startTime = performance.now()
  private readonly members: Member[] = []
  private decided = false

  /**
   * Enlists a model call's span. Returns how the call must end its span (now, or
   * later with this time), or undefined once the attempt is decided: a call an
   * abandoned (timed-out) step starts afterwards is a plain span.
   */
  enlist(span: Span): ((endTime: number) => void) | undefined {
    if (this.decided) return undefined
    const member: Member = { span, endTime: undefined }
    this.members.push(member)
    return (endTime) => {
      if (this.decided) span.end(endTime)
      else member.endTime = endTime
    }
  }

  /**
   * Decides the attempt: `attributes` go on its span, deferred ends happen.
   * Returns false when no model call enlisted, so the chain records a span of its own.
   */
  settle(attributes: Attributes): boolean {
    if (this.decided) return true
    this.decided = true
    const representative = this.members.at(-1)
    representative?.span.setAttributes(attributes)
    for (const member of this.members) {
      if (member.endTime !== undefined) member.span.end(member.endTime)
    }
    return representative !== undefined
  }
}

/** The attempt whose step is running in `ctx`, if the code runs directly in one. */
export function getAttempt(ctx: Context): FallbackAttempt | undefined {
  return ctx.getValue(ATTEMPT) as FallbackAttempt | undefined
}

/** `ctx` with `attempt` as the running one (or none: code inside a model call is not directly in the step). */
export function setAttempt(ctx: Context, attempt: FallbackAttempt | undefined): Context {
  return attempt === undefined ? ctx.deleteValue(ATTEMPT) : ctx.setValue(ATTEMPT, attempt)
}
