import type { OtlpSpan } from '../../otlp/otlp-types.js'
import { asString } from '../attribute-values.js'
import type { CallSource } from './call-source.js'
import { isGenAiCall } from './otel-genai.js'

/** The instrumentation scope of every span the Vigil SDK starts (packages/sdk/src/gen-ai-span-filter.ts). */
const VIGIL_SCOPE = '@vigil/sdk'

/**
 * Spans of Vigil's SDK. They follow the GenAI conventions plus `vigil.*`
 * names, which `callFromSpan` reads for every source. The SDK's fallback
 * chain span (`fallback <name>`) and a step that made no model call
 * (`fallback.step <step>`) carry no `gen_ai.*` names: they are not calls.
 * Recognized by scope, which holds even under `createVigilSpanProcessor()`
 * where spans carry the app's resource.
 */
export const vigilSource: CallSource = {
  name: 'vigil',
  recognizes: (span: OtlpSpan) => span.scope.name === VIGIL_SCOPE,
  isCall: isGenAiCall,
  read: () => ({}),
}

/**
 * A GenAI span under Vigil's resource (`telemetry.sdk.name: vigil`, set by
 * `init()`) from a scope Vigil does not know: checked after every other
 * family, since other instrumentations' spans in an app using `init()` carry
 * that resource too.
 */
export const vigilResourceSource: CallSource = {
  ...vigilSource,
  recognizes: (span: OtlpSpan) =>
    asString(span.resource.attributes['telemetry.sdk.name']) === 'vigil' && isGenAiCall(span),
}
