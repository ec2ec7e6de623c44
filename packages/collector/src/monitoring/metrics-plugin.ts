import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { ApiKeyStore } from '../auth/api-key-store.js'
import { VigilError } from '../errors.js'
import type { IngestStatsSource } from './ingest-stats.js'
import type { Labels, SelfMetrics } from './self-metrics.js'
import { type ObserveInserts, registerInsertHistograms, registerWriterMetrics } from './writer-metrics.js'

/**
 * Who may scrape `GET /metrics`. `open`: anyone who can reach the port (the
 * default on a loopback bind, where only local processes can). `key`: a bearer
 * key with the `read` scope, the default on any other bind — Prometheus sends
 * one with `authorization: { credentials: <key> }` in its scrape config.
 */
export type MetricsAccess = 'open' | 'key'

export interface MetricsPluginOptions {
  registry: SelfMetrics
  access: MetricsAccess
  /** Needed when access is `key`. */
  keys?: ApiKeyStore
  /** The storage writer's counters, read at each scrape. */
  writerStats?: IngestStatsSource
  /** The storage writer's per-batch hook (`writer.onInsert`), for the batch-size and latency histograms. */
  observeInserts?: ObserveInserts
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '[::1]'])

/** `open` on a loopback host, `key` otherwise (0.0.0.0, a LAN address…). */
export function defaultMetricsAccess(host: string): MetricsAccess {
  return LOOPBACK.has(host) || host.startsWith('127.') ? 'open' : 'key'
}

const EXPOSITION_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

/**
 * Self-monitoring: the collector's own metrics in the Prometheus text format.
 * Registered with fastify-plugin so its request counter sees every route.
 */
const metricsPlugin: FastifyPluginAsync<MetricsPluginOptions> = async (app, options) => {
  const { registry } = options
  if (options.access === 'key' && !options.keys) throw new Error('metrics access "key" needs the key store')
  registerProcessMetrics(registry)
  registerWriterMetrics(registry, options.writerStats)
  if (options.observeInserts) {
    const stopObserving = registerInsertHistograms(registry, options.observeInserts)
    app.addHook('onClose', async () => stopObserving())
  }

  const requests = registry.counter('vigil_http_requests_total', 'HTTP requests by method, route and status.')
  const duration = registry.histogram(
    'vigil_http_request_duration_seconds',
    'HTTP request duration by route.',
    [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
  )
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL: label values must stay few.
    const route = request.routeOptions.url ?? 'unmatched'
    requests.inc({ method: request.method, route, status: String(reply.statusCode) })
    duration.observe(reply.elapsedTime / 1000, { route })
  })

  app.get('/metrics', async (request, reply) => {
    if (options.access === 'key' && options.keys) checkKey(request, options.keys)
    return reply.type(EXPOSITION_TYPE).send(registry.render())
  })
}

function checkKey(request: FastifyRequest, keys: ApiKeyStore): void {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')
  if (!match?.[1]) {
    throw new VigilError('UNAUTHORIZED', 'GET /metrics needs "Authorization: Bearer <key>" on this bind')
  }
  const principal = keys.verify(match[1])
  if (!principal) throw new VigilError('UNAUTHORIZED', 'Invalid API key')
  if (!principal.scopes.includes('read')) {
    throw new VigilError('FORBIDDEN', 'This API key lacks the "read" scope needed for /metrics')
  }
}

function registerProcessMetrics(registry: SelfMetrics): void {
  // Standard names of the Prometheus client libraries, so stock dashboards work.
  registry.gauge('process_resident_memory_bytes', 'Resident set size in bytes.', () => [
    [{}, process.memoryUsage.rss()],
  ])
  registry.gauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes.', () => [
    [{}, process.memoryUsage().heapUsed],
  ])
  registry.collectedCounter(
    'process_cpu_seconds_total',
    'User and system CPU time spent, in seconds.',
    () => {
      const { user, system } = process.cpuUsage()
      return [[{}, (user + system) / 1e6]]
    },
  )
  // The same quantiles prom-client reports: how late timers and I/O callbacks run,
  // i.e. how long a request or an insert completion waits behind other work.
  const lag = monitorEventLoopDelay({ resolution: 10 })
  lag.enable()
  registry.gauge(
    'nodejs_eventloop_lag_seconds',
    'Event loop delay since the last scrape, by quantile.',
    () => {
      const samples: [Labels, number][] = [0.5, 0.9, 0.99].map((q) => [
        { quantile: String(q) },
        lag.count > 0 ? lag.percentile(q * 100) / 1e9 : 0,
      ])
      samples.push([{ quantile: '1' }, lag.count > 0 ? lag.max / 1e9 : 0])
      lag.reset()
      return samples
    },
  )
  const started = Date.now() / 1000 - process.uptime()
  registry.gauge(
    'process_start_time_seconds',
    'Start time of the process since the epoch, in seconds.',
    () => [[{}, started]],
  )
}

export default fp(metricsPlugin, { name: 'vigil-self-metrics' })
