import { describe, expect, it } from 'vitest'
import { changeOf, headlineMetrics } from './headline-metrics.js'

const lowerIsBetter = { direction: 'lowerIsBetter', ratio: false } as const
const higherIsBetter = { direction: 'higherIsBetter', ratio: false } as const
const neutral = { direction: 'neutral', ratio: false } as const
const lowerRate = { direction: 'lowerIsBetter', ratio: true } as const
const higherRate = { direction: 'higherIsBetter', ratio: true } as const

describe('changeOf', () => {
  it('calls a rise worse when lower is better, and better when higher is better', () => {
    expect(changeOf(lowerIsBetter, 120, 100)).toEqual({ trend: 'up', text: '+20 %', verdict: 'worse' })
    expect(changeOf(higherIsBetter, 120, 100)).toEqual({ trend: 'up', text: '+20 %', verdict: 'better' })
    expect(changeOf(lowerIsBetter, 80, 100)).toEqual({ trend: 'down', text: '−20 %', verdict: 'better' })
  })

  it('never judges volume: more calls is neither good nor bad', () => {
    expect(changeOf(neutral, 200, 100)).toEqual({ trend: 'up', text: '+100 %', verdict: 'neutral' })
  })

  it('reads rates in percentage points, not relative to a small base', () => {
    expect(changeOf(lowerRate, 0.003, 0.001)).toEqual({ trend: 'up', text: '+0.2 pts', verdict: 'worse' })
    expect(changeOf(higherRate, 0.5, 0.62)).toEqual({ trend: 'down', text: '−12.0 pts', verdict: 'worse' })
  })

  it('treats tiny moves as no change, uncoloured', () => {
    expect(changeOf(lowerIsBetter, 100.2, 100)).toEqual({ trend: 'flat', text: '±0 %', verdict: 'neutral' })
    expect(changeOf(lowerRate, 0.0201, 0.02)).toEqual({ trend: 'flat', text: '±0 pts', verdict: 'neutral' })
  })

  it('says "new" for something from nothing, and nothing when a side has no value', () => {
    expect(changeOf(lowerIsBetter, 5, 0)).toEqual({ trend: 'up', text: 'new', verdict: 'worse' })
    expect(changeOf(lowerIsBetter, 0, 0)).toEqual({ trend: 'flat', text: '±0 %', verdict: 'neutral' })
    expect(changeOf(lowerRate, 0.1, null)).toBeUndefined()
    expect(changeOf(lowerRate, null, 0.1)).toBeUndefined()
  })
})

describe('headlineMetrics', () => {
  it('has one card per headline number, with unique ids', () => {
    const ids = headlineMetrics.map((metric) => metric.id)
    expect(ids).toEqual([
      'calls',
      'costUsd',
      'costPerCallUsd',
      'latencyP50Ms',
      'latencyP95Ms',
      'ttftP50Ms',
      'errorRate',
      'timeoutRate',
      'fallbackRate',
      'correctionRate',
      'positiveRate',
      'escalationRate',
    ])
  })
})
