/**
 * Model names as they reach the collector carry wrappers the price list does
 * not: snapshot dates, router namespaces, cloud region prefixes and version
 * suffixes. Each wrapper is removed by an explicit pattern, never by prefix
 * matching, so `gpt-4o-mini` can't be priced as `gpt-4o` (or the reverse).
 */

/** Cloud region prefixes of Bedrock cross-region inference profiles (`us.anthropic.claude-…`). */
const regionPrefix = /^(us|eu|apac|ap|jp|au|ca|us-gov|global)\./

/** Vendor prefixes of Bedrock model ids (`anthropic.claude-…`, `meta.llama3-…`). */
const vendorPrefix = /^(anthropic|openai|meta|mistral|amazon|cohere|deepseek|qwen|google)\./

/** Suffixes peeled off one at a time; each intermediate name is a candidate of its own. */
const variantSuffixes: RegExp[] = [
  /:\d+$/, // Bedrock revision: …-v2:0 → …-v2
  /-v\d+$/, // Bedrock / Vertex version: …-20241022-v2, claude-3-5-sonnet-v2
  /@\d{8}$/, // Vertex snapshot: claude-sonnet-4-5@20250929
  /@(latest|default)$/, // Vertex aliases
  /-\d{4}-\d{2}-\d{2}$/, // OpenAI snapshot: gpt-4o-2024-08-06
  /-\d{8}$/, // Anthropic snapshot: claude-3-5-sonnet-20241022
  /-latest$/, // moving aliases: claude-3-5-sonnet-latest, mistral-large-latest
  /-\d{3}$/, // Vertex Gemini stable versions: gemini-2.0-flash-001
]

/**
 * The names to look up for `model`, most specific first: the exact name, then
 * the last path segment (OpenRouter `openai/gpt-4o`, Gemini `models/gemini-2.5-pro`,
 * Bedrock ARNs), then with cloud prefixes and variant suffixes peeled off.
 */
export function candidateNames(model: string): string[] {
  const names: string[] = []
  const add = (name: string) => {
    if (name !== '' && !names.includes(name)) names.push(name)
  }
  let name = model.trim().toLowerCase()
  add(name)
  name = name.slice(name.lastIndexOf('/') + 1)
  add(name)
  const unprefixed = name.replace(regionPrefix, '').replace(vendorPrefix, '')
  if (unprefixed !== name) {
    name = unprefixed
    add(name)
  }
  // Until nothing changes: Vertex's `claude-3-5-sonnet-v2@20241022` needs the
  // snapshot removed before the version suffix is visible.
  for (let changed = true; changed; ) {
    changed = false
    for (const suffix of variantSuffixes) {
      const stripped = name.replace(suffix, '')
      if (stripped !== name && stripped !== '') {
        name = stripped
        add(name)
        changed = true
      }
    }
  }
  return names
}
