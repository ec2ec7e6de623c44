import type { Attributes } from '@opentelemetry/api'
import { ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT } from '../attributes.js'

/** Where an `openai` client sends its calls: the GenAI provider name and the server attributes. */
export interface OpenAiEndpoint {
  provider: string
  attributes: Attributes
}

// The `openai` client is also the usual client for OpenAI-compatible APIs; the
// host tells which provider really answers (GenAI `gen_ai.provider.name` values).
const PROVIDER_BY_HOST_SUFFIX: Array<[string, string]> = [
  ['.openai.azure.com', 'azure.ai.openai'],
  ['.cognitiveservices.azure.com', 'azure.ai.openai'],
  ['api.groq.com', 'groq'],
  ['api.x.ai', 'x_ai'],
  ['api.mistral.ai', 'mistral_ai'],
  ['api.deepseek.com', 'deepseek'],
  ['generativelanguage.googleapis.com', 'gcp.gemini'],
]

const DEFAULT_PORTS: Record<string, number> = { 'https:': 443, 'http:': 80 }

/** Reads the client's `baseURL` (e.g. `https://api.openai.com/v1`); anything unreadable gives plain `openai`. */
export function describeEndpoint(baseURL: unknown): OpenAiEndpoint {
  if (typeof baseURL !== 'string') return { provider: 'openai', attributes: {} }
  let url: URL
  try {
    url = new URL(baseURL)
  } catch {
    return { provider: 'openai', attributes: {} }
  }
  const host = url.hostname.toLowerCase()
  const match = PROVIDER_BY_HOST_SUFFIX.find(([suffix]) => host === suffix || host.endsWith(suffix))
  const attributes: Attributes = { [ATTR_SERVER_ADDRESS]: host }
  const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port)
  if (port !== undefined) attributes[ATTR_SERVER_PORT] = port
  return { provider: match?.[1] ?? 'openai', attributes }
}
