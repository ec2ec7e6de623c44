import { describe, expect, it } from 'vitest'
import { mapSpan } from '../map-span.js'
import { makeGenAiSpan, makeSpan, testPrices } from '../testing/make-span.js'

const vigilResource = { 'service.name': 'support-bot', 'telemetry.sdk.name': 'vigil' }

function mapCall(span: ReturnType<typeof makeSpan>) {
  const mapped = mapSpan(span, 'p1', testPrices)
  if (mapped.kind !== 'call') throw new Error(`expected a call, got ${mapped.kind}`)
  return mapped.call
}

describe('Vigil SDK source', () => {
  it('lands every vigil.* attribute in its column', () => {
    const call = mapCall(
      makeGenAiSpan(
        {
          'vigil.use_case': 'triage',
          'vigil.user_id': 'u-1',
          'vigil.session_id': 's-1',
          'vigil.prompt_version': 'v3',
          'vigil.tags': ['beta', 'eu'],
          'vigil.subject_id': 'ticket-981',
          'vigil.environment': 'canary',
          'vigil.stream.abandoned': true,
          'vigil.fallback.name': 'support-reply',
          'vigil.fallback.attempt': 1,
          'vigil.fallback.step': 'cheap-model',
          'vigil.fallback.served': true,
          'vigil.cache.hit': false,
        },
        { scope: '@vigil/sdk', resource: { ...vigilResource, 'deployment.environment.name': 'prod' } },
      ),
    )
    expect(call).toMatchObject({
      source: 'vigil',
      use_case: 'triage',
      user_id: 'u-1',
      session_id: 's-1',
      prompt_version: 'v3',
      tags: ['beta', 'eu'],
      subject_id: 'ticket-981',
      environment: 'canary',
      stream_abandoned: 1,
      // The SDK's attempt index counts from 0; the column from 1.
      fallback_attempt: 2,
      fallback_step: 'cheap-model',
      fallback_reason: '',
      fallback_served: 1,
      cache_hit: 0,
    })
  })

  it('records why a fallback attempt was left', () => {
    const call = mapCall(
      makeGenAiSpan(
        {
          'vigil.fallback.attempt': 0,
          'vigil.fallback.reason': 'rate_limit',
          'vigil.fallback.served': false,
        },
        { scope: '@vigil/sdk', statusCode: 2 },
      ),
    )
    expect(call).toMatchObject({ fallback_attempt: 1, fallback_reason: 'rate_limit', fallback_served: 0 })
  })

  it('keeps the fallback chain span and a step without a model call as spans, not calls', () => {
    const chain = makeSpan({
      name: 'fallback support-reply',
      scope: '@vigil/sdk',
      resource: vigilResource,
      attributes: {
        'vigil.fallback.name': 'support-reply',
        'vigil.fallback.attempts': 2,
        'vigil.use_case': 'triage',
      },
    })
    const cacheStep = makeSpan({
      name: 'fallback.step cache',
      scope: '@vigil/sdk',
      resource: vigilResource,
      attributes: { 'vigil.fallback.attempt': 2, 'vigil.fallback.step': 'cache', 'vigil.cache.hit': true },
    })
    expect(mapSpan(chain, 'p1', testPrices)).toMatchObject({
      kind: 'span',
      span: { name: 'fallback support-reply' },
    })
    expect(mapSpan(cacheStep, 'p1', testPrices).kind).toBe('span')
  })

  it('recognizes Vigil spans by scope under the app resource, and by resource from older SDKs', () => {
    expect(mapCall(makeGenAiSpan({}, { scope: '@vigil/sdk' })).source).toBe('vigil')
    expect(mapCall(makeGenAiSpan({}, { resource: vigilResource })).source).toBe('vigil')
  })

  it('lets the app context win over what another family implies', () => {
    const call = mapCall(
      makeGenAiSpan(
        { 'vigil.user_id': 'from-vigil', 'traceloop.association.properties.user_id': 'from-traceloop' },
        { scope: '@vigil/sdk' },
      ),
    )
    expect(call).toMatchObject({ source: 'vigil', user_id: 'from-vigil' })
  })
})
