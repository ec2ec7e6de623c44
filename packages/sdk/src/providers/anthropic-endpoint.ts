/** Where an Anthropic client sends its calls: the GenAI provider name and the API host. */
export interface AnthropicEndpoint {
  /** `gen_ai.provider.name`: `anthropic`, or `aws.bedrock` / `gcp.vertex_ai` for Claude served there. */
  provider: string
  /** `server.address` */
  address?: string
  /** `server.port`: the URL's port, else the scheme's default. */
  port?: number
}

const DEFAULT_PORTS: Record<string, number> = { 'https:': 443, 'http:': 80 }

/**
 * Reads the endpoint from the client: its `baseURL`, and whether it is an
 * `AnthropicBedrock` (`@anthropic-ai/bedrock-sdk`) or `AnthropicVertex`
 * (`@anthropic-ai/vertex-sdk`) client. Both checks are cheap and need neither
 * package: the class names along the prototype chain (a subclass still
 * counts), else the host, which survives bundlers that rename classes.
 *
 * @example
 * ```ts
 * anthropicEndpoint(new Anthropic()) // { provider: 'anthropic', address: 'api.anthropic.com', port: 443 }
 * ```
 */
export function anthropicEndpoint(client: object): AnthropicEndpoint {
  const endpoint: AnthropicEndpoint = { provider: 'anthropic' }
  const baseURL: unknown = Reflect.get(client, 'baseURL')
  let host = ''
  if (typeof baseURL === 'string' && URL.canParse(baseURL)) {
    const url = new URL(baseURL)
    host = url.hostname
    endpoint.address = host
    const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port)
    if (port !== undefined) endpoint.port = port
  }
  const classes = classNames(client)
  if (classes.includes('AnthropicBedrock') || /^bedrock-runtime[.-].*\.amazonaws\.com$/.test(host)) {
    endpoint.provider = 'aws.bedrock'
  } else if (classes.includes('AnthropicVertex') || host.endsWith('aiplatform.googleapis.com')) {
    endpoint.provider = 'gcp.vertex_ai'
  }
  return endpoint
}

function classNames(value: object): string[] {
  const names: string[] = []
  for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const name: unknown = Object.hasOwn(proto, 'constructor') ? proto.constructor?.name : undefined
    if (typeof name === 'string') names.push(name)
  }
  return names
}
