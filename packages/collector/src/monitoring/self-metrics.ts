/**
 * The collector's own metrics, rendered in the Prometheus text exposition
 * format (version 0.0.4, prometheus.io/docs/instrumenting/exposition_formats).
 * Hand-written: three metric types and one render function do not justify a
 * dependency, and every update is a Map lookup on the ingest hot path.
 */

export type Labels = Readonly<Record<string, string>>

interface Series<T> {
  labels: string
  value: T
}

abstract class Metric<T> {
  protected readonly series = new Map<string, Series<T>>()

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge' | 'histogram',
  ) {}

  protected at(labels: Labels, initial: () => T): Series<T> {
    const key = renderLabels(labels)
    let series = this.series.get(key)
    if (!series) {
      series = { labels: key, value: initial() }
      this.series.set(key, series)
    }
    return series
  }

  abstract samples(out: string[]): void
}

/** A value that only goes up (its name ends in `_total`, as Prometheus expects). */
export class Counter extends Metric<number> {
  inc(labels: Labels = {}, by = 1): void {
    if (by <= 0 || !Number.isFinite(by)) return
    this.at(labels, () => 0).value += by
  }

  /** The current value for one label set (0 if never incremented); for tests and diagnostics. */
  value(labels: Labels = {}): number {
    return this.series.get(renderLabels(labels))?.value ?? 0
  }

  samples(out: string[]): void {
    for (const s of this.series.values()) out.push(`${this.name}${s.labels} ${formatNumber(s.value)}`)
  }
}

export type Collect = () => ReadonlyArray<readonly [Labels, number]>

/**
 * Values read at scrape time, so they never go stale (queue sizes, memory).
 * Typed `counter` when the source only grows (CPU seconds, rows written elsewhere).
 */
export class Gauge extends Metric<number> {
  constructor(
    name: string,
    help: string,
    private readonly collect: Collect,
    type: 'gauge' | 'counter' = 'gauge',
  ) {
    super(name, help, type)
  }

  samples(out: string[]): void {
    for (const [labels, value] of this.collect()) {
      out.push(`${this.name}${renderLabels(labels)} ${formatNumber(value)}`)
    }
  }
}

interface Buckets {
  counts: number[]
  sum: number
  count: number
}

/** Observations counted into fixed buckets; rendered cumulatively with `le`, as the format requires. */
export class Histogram extends Metric<Buckets> {
  constructor(
    name: string,
    help: string,
    private readonly bounds: readonly number[],
  ) {
    super(name, help, 'histogram')
  }

  observe(value: number, labels: Labels = {}): void {
    if (!Number.isFinite(value)) return
    const series = this.at(labels, () => ({
      counts: new Array(this.bounds.length).fill(0),
      sum: 0,
      count: 0,
    }))
    const b = series.value
    const i = this.bounds.findIndex((bound) => value <= bound)
    if (i >= 0) b.counts[i] = (b.counts[i] ?? 0) + 1
    b.sum += value
    b.count++
  }

  samples(out: string[]): void {
    for (const s of this.series.values()) {
      const inner = s.labels.length > 0 ? `${s.labels.slice(1, -1)},` : ''
      let cumulative = 0
      this.bounds.forEach((bound, i) => {
        cumulative += s.value.counts[i] ?? 0
        out.push(`${this.name}_bucket{${inner}le="${formatNumber(bound)}"} ${cumulative}`)
      })
      out.push(`${this.name}_bucket{${inner}le="+Inf"} ${s.value.count}`)
      out.push(`${this.name}_sum${s.labels} ${formatNumber(s.value.sum)}`)
      out.push(`${this.name}_count${s.labels} ${s.value.count}`)
    }
  }
}

/** The registry: each metric is created once, by name, and rendered in creation order. */
export class SelfMetrics {
  readonly #metrics = new Map<string, Counter | Gauge | Histogram>()

  counter(name: string, help: string): Counter {
    return this.#add(new Counter(name, help, 'counter'))
  }

  gauge(name: string, help: string, collect: Collect): Gauge {
    return this.#add(new Gauge(name, help, collect))
  }

  /** A counter kept elsewhere and read at scrape time. */
  collectedCounter(name: string, help: string, collect: Collect): Gauge {
    return this.#add(new Gauge(name, help, collect, 'counter'))
  }

  histogram(name: string, help: string, bounds: readonly number[]): Histogram {
    return this.#add(new Histogram(name, help, bounds))
  }

  /** The exposition text. A gauge whose source throws is skipped, so one bad source cannot fail a scrape. */
  render(): string {
    const out: string[] = []
    for (const metric of this.#metrics.values()) {
      const samples: string[] = []
      try {
        metric.samples(samples)
      } catch {
        continue
      }
      out.push(`# HELP ${metric.name} ${metric.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`)
      out.push(`# TYPE ${metric.name} ${metric.type}`)
      for (const line of samples) out.push(line)
    }
    return `${out.join('\n')}\n`
  }

  #add<M extends Counter | Gauge | Histogram>(metric: M): M {
    if (this.#metrics.has(metric.name)) throw new Error(`Metric ${metric.name} is registered twice`)
    this.#metrics.set(metric.name, metric)
    return metric
  }
}

/** `{a="1",b="2"}`, with `\`, `"` and newlines escaped as the format requires; '' without labels. */
function renderLabels(labels: Labels): string {
  let out = ''
  for (const key in labels) {
    const value = String(labels[key]).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
    out += `${out ? ',' : ''}${key}="${value}"`
  }
  return out ? `{${out}}` : ''
}

function formatNumber(value: number): string {
  if (Number.isFinite(value)) return String(value)
  if (Number.isNaN(value)) return 'NaN'
  return value > 0 ? '+Inf' : '-Inf'
}
