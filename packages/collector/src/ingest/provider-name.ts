/**
 * Provider names as the GenAI conventions spell them (`gen_ai.provider.name`
 * well-known values), so one provider is one value whichever instrumentation
 * reported it: OpenLLMetry's Python packages send `gen_ai.system: "Anthropic"`,
 * OpenInference splits host (`llm.provider: "azure"`) from model family
 * (`llm.system: "openai"`), and the Vercel AI SDK names the API surface
 * (`ai.model.provider: "openai.chat"`, `"google.vertex.chat"`).
 */

/** Values of `gen_ai.provider.name` that contain dots, kept as they are. */
const conventionNames = new Set([
  'aws.bedrock',
  'azure.ai.inference',
  'azure.ai.openai',
  'gcp.gemini',
  'gcp.gen_ai',
  'gcp.vertex_ai',
  'ibm.watsonx.ai',
])

/** Longer prefixes first: Vercel ids whose first segment alone is ambiguous (`google.…`). */
const prefixes: ReadonlyArray<[string, string]> = [
  ['google.vertex', 'gcp.vertex_ai'],
  ['google.generative-ai', 'gcp.gemini'],
  ['azure-openai', 'azure.ai.openai'],
  ['amazon-bedrock', 'aws.bedrock'],
]

/** Other spellings of one provider, keyed by the name's first segment. */
const aliases: Record<string, string> = {
  amazon: 'aws.bedrock',
  aws: 'aws.bedrock',
  bedrock: 'aws.bedrock',
  azure: 'azure.ai.openai',
  azure_openai: 'azure.ai.openai',
  azureopenai: 'azure.ai.openai',
  google: 'gcp.gemini',
  gemini: 'gcp.gemini',
  vertex: 'gcp.vertex_ai',
  vertexai: 'gcp.vertex_ai',
  vertex_ai: 'gcp.vertex_ai',
  mistral: 'mistral_ai',
  mistralai: 'mistral_ai',
  xai: 'x_ai',
  watsonx: 'ibm.watsonx.ai',
  togetherai: 'together_ai',
  together: 'together_ai',
}

/** `openai.chat` → `openai`, `Anthropic` → `anthropic`, `amazon-bedrock` → `aws.bedrock`; '' stays ''. */
export function normalizeProvider(name: string): string {
  const lower = name.trim().toLowerCase().replace(/\s+/g, '_')
  if (lower === '' || conventionNames.has(lower)) return lower
  for (const [prefix, provider] of prefixes) if (lower.startsWith(prefix)) return provider
  const head = lower.split('.')[0] ?? lower
  return aliases[head] ?? head
}
