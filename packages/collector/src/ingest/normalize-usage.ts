import type { TokenUsage } from '../pricing/price-catalog.js'
import type { CallFacts } from './call-facts.js'

/**
 * Token counts as the GenAI conventions define them, whatever the source:
 * `gen_ai.usage.input_tokens` INCLUDES cached reads and cache writes, and
 * `output_tokens` includes reasoning; cache and reasoning counts are subsets.
 * Pricing relies on that (it takes the cached part out of the input total),
 * so counts given the other way round are fixed here, once:
 *
 * - a source known to report input without cache (Anthropic's API shape,
 *   e.g. the Vercel AI SDK before v6 on Anthropic) gets cache added back;
 * - any source whose cache subset is larger than its input total has
 *   evidently done the same, and is corrected the same way;
 * - a missing input or output count is derived from the total when the
 *   other one is known (OpenAI embeddings report only prompt and total).
 */
export function normalizeUsage(facts: CallFacts): TokenUsage {
  const cacheRead = facts.cacheReadTokens
  const cacheCreation = facts.cacheCreationTokens
  const total = facts.totalTokens
  let input = facts.inputTokens
  let output = facts.outputTokens

  if (input === null && output !== null && total !== null && total >= output) input = total - output
  if (output === null && input !== null && total !== null && total >= input) output = total - input
  // Only the total: for embeddings every token is input; elsewhere the split is unknowable.
  if (input === null && output === null && total !== null && facts.operation === 'embeddings') input = total

  const cached = (cacheRead ?? 0) + (cacheCreation ?? 0)
  if (input !== null && cached > 0 && (facts.inputExcludesCache || cached > input)) input += cached

  return {
    inputTokens: input,
    outputTokens: output,
    cacheReadTokens: cacheRead,
    cacheCreationTokens: cacheCreation,
    reasoningTokens: facts.reasoningTokens,
  }
}
