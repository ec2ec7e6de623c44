import OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import { getCallIds } from './call-ids-of-result.js'
import { observeAnthropic } from './providers/anthropic.js'
import { observeOpenAI } from './providers/openai.js'
import { makeAnthropicClient, makeAnthropicRequest } from './test-support/anthropic-fixtures.js'
import { openAiClientOptions, useFakeLlm } from './test-support/fake-llm.js'
import { useRecordingSdk } from './test-support/recording-sdk.js'

const llm = useFakeLlm()
const sdk = useRecordingSdk()

const ids = (span: { spanContext(): { traceId: string; spanId: string } }) => {
  const { traceId, spanId } = span.spanContext()
  return { traceId, spanId }
}

describe('getCallIds', () => {
  it('gives the ids of the call behind a completion and a stream of a wrapped OpenAI client', async () => {
    const openai = observeOpenAI(new OpenAI(openAiClientOptions(llm())))
    const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hello' }] }
    const completion = await openai.chat.completions.create(request)
    const stream = await openai.chat.completions.create({ ...request, stream: true })
    for await (const _ of stream) {
      // read to the end, so the call ends
    }
    const [plainSpan, streamSpan] = await sdk.spans()
    expect(getCallIds(completion)).toEqual(plainSpan && ids(plainSpan))
    expect(getCallIds(stream)).toEqual(streamSpan && ids(streamSpan))
    expect(getCallIds(completion)).not.toEqual(getCallIds(stream))
  })

  it('gives the ids of the call behind an Anthropic message', async () => {
    const anthropic = observeAnthropic(makeAnthropicClient(llm()))
    const message = await anthropic.messages.create(makeAnthropicRequest())
    expect(getCallIds(message)).toEqual(ids(await sdk.onlySpan()))
  })
})
