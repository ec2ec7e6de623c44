import { describe, expect, it } from 'vitest'
import { SelfMetrics } from './self-metrics.js'

describe('SelfMetrics', () => {
  it('renders counters, gauges and cumulative histograms in the Prometheus text format', () => {
    const registry = new SelfMetrics()
    const counter = registry.counter('x_total', 'Things.')
    counter.inc({ signal: 'traces', reason: 'a "quoted"\nvalue\\' }, 2)
    counter.inc({ signal: 'traces', reason: 'a "quoted"\nvalue\\' })
    counter.inc({ signal: 'logs', reason: 'b' }, 0) // a zero increment creates no series
    registry.gauge('g', 'A gauge.', () => [[{}, 1.5]])
    const histogram = registry.histogram('h_seconds', 'Durations.', [0.1, 1])
    histogram.observe(0.05, { route: '/v1/traces' })
    histogram.observe(0.5, { route: '/v1/traces' })
    histogram.observe(5, { route: '/v1/traces' })
    expect(registry.render()).toBe(
      [
        '# HELP x_total Things.',
        '# TYPE x_total counter',
        'x_total{signal="traces",reason="a \\"quoted\\"\\nvalue\\\\"} 3',
        '# HELP g A gauge.',
        '# TYPE g gauge',
        'g 1.5',
        '# HELP h_seconds Durations.',
        '# TYPE h_seconds histogram',
        'h_seconds_bucket{route="/v1/traces",le="0.1"} 1',
        'h_seconds_bucket{route="/v1/traces",le="1"} 2',
        'h_seconds_bucket{route="/v1/traces",le="+Inf"} 3',
        'h_seconds_sum{route="/v1/traces"} 5.55',
        'h_seconds_count{route="/v1/traces"} 3',
        '',
      ].join('\n'),
    )
  })

  it('skips a gauge whose source throws instead of failing the scrape', () => {
    const registry = new SelfMetrics()
    registry.gauge('broken', 'Throws.', () => {
      throw new Error('no')
    })
    registry.gauge('fine', 'Works.', () => [[{}, 1]])
    expect(registry.render()).toBe('# HELP fine Works.\n# TYPE fine gauge\nfine 1\n')
  })

  it('refuses a metric name registered twice', () => {
    const registry = new SelfMetrics()
    registry.counter('a_total', 'A.')
    expect(() => registry.counter('a_total', 'A.')).toThrow(/twice/)
  })
})
