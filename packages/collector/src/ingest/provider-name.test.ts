import { describe, expect, it } from 'vitest'
import { normalizeProvider } from './provider-name.js'

describe('normalizeProvider', () => {
  it.each([
    ['openai', 'openai'],
    ['OpenAI', 'openai'],
    ['Anthropic', 'anthropic'],
    ['openai.chat', 'openai'],
    ['openai.responses', 'openai'],
    ['anthropic.messages', 'anthropic'],
    ['amazon-bedrock', 'aws.bedrock'],
    ['aws.bedrock', 'aws.bedrock'],
    ['AWS', 'aws.bedrock'],
    ['google.vertex.chat', 'gcp.vertex_ai'],
    ['google.generative-ai', 'gcp.gemini'],
    ['VertexAI', 'gcp.vertex_ai'],
    ['azure.ai.openai', 'azure.ai.openai'],
    ['azure.chat', 'azure.ai.openai'],
    ['Azure OpenAI', 'azure.ai.openai'],
    ['mistral.chat', 'mistral_ai'],
    ['MistralAI', 'mistral_ai'],
    ['xai.chat', 'x_ai'],
    ['groq.chat', 'groq'],
    ['', ''],
  ])('%s → %s', (given, expected) => {
    expect(normalizeProvider(given)).toBe(expected)
  })
})
