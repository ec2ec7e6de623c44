import { describe, expect, it } from 'vitest'
import { anthropicEndpoint } from './anthropic-endpoint.js'

describe('anthropicEndpoint', () => {
  it('reads server address and port from baseURL, with the scheme’s default port', () => {
    expect(anthropicEndpoint({ baseURL: 'https://api.anthropic.com' })).toEqual({
      provider: 'anthropic',
      address: 'api.anthropic.com',
      port: 443,
    })
    expect(anthropicEndpoint({ baseURL: 'http://127.0.0.1:8080/proxy' })).toMatchObject({
      address: '127.0.0.1',
      port: 8080,
    })
    expect(anthropicEndpoint({ baseURL: 'not a url' })).toEqual({ provider: 'anthropic' })
  })

  it('recognises Bedrock and Vertex clients by class, even subclassed', () => {
    class AnthropicBedrock {
      baseURL = 'https://example.test'
    }
    class AnthropicVertex {}
    class MyVertex extends AnthropicVertex {}

    expect(anthropicEndpoint(new AnthropicBedrock()).provider).toBe('aws.bedrock')
    expect(anthropicEndpoint(new MyVertex()).provider).toBe('gcp.vertex_ai')
  })

  it('recognises Bedrock and Vertex by host, for bundles that rename classes', () => {
    expect(anthropicEndpoint({ baseURL: 'https://bedrock-runtime.us-east-1.amazonaws.com' }).provider).toBe(
      'aws.bedrock',
    )
    expect(anthropicEndpoint({ baseURL: 'https://us-east5-aiplatform.googleapis.com/v1' }).provider).toBe(
      'gcp.vertex_ai',
    )
  })
})
