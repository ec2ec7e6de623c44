import { type ResolvedConfig, resolveConfig } from './config.js'
import { registerExitFlush } from './exit-flush.js'
import { DEFAULT_RETRY_POLICY } from './exporter/retry-policy.js'
import { VigilSignalExporter } from './exporter/vigil-signal-exporter.js'
import { VigilSpanExporter } from './exporter/vigil-span-exporter.js'
import type { InitOptions } from './init-options.js'
import { createConsoleLogger, describeError, guardLogger, type VigilLogger } from './logger.js'
import type { SignalSink } from './signal-record.js'
import { EMPTY_STATS, type VigilStats } from './stats.js'
import { type PipelineOptions, TracePipeline, vigilResource } from './trace-pipeline.js'

// SDK state. One pipeline at a time; a replaced or shut-down one finishes
// sending in the background and is awaited by the next flush()/shutdown().
let active: TracePipeline | undefined
let lastRetired: TracePipeline | undefined
const retiring = new Set<Promise<boolean>>()
let logger: VigilLogger = guardLogger(createConsoleLogger(), false)

/**
 * Starts recording: sets up Vigil's own tracer and the export to the collector.
 * Call it once at startup, before the first {@link observe}. Options fall back
 * to `VIGIL_*` environment variables, then to defaults; bad values are logged
 * and skipped, and init never throws. Calling it again replaces the previous
 * setup (with a warning); spans that setup already recorded are still sent.
 * Returns nothing: use {@link flush}, {@link shutdown} and {@link getStats}.
 * Spans still queued when the app's event loop empties are flushed then
 * (`beforeExit`), so a script that just ends delivers them; call `flush()`
 * anyway where the process exits otherwise (`process.exit()`, serverless).
 * An app with its own OpenTelemetry setup can use `createVigilSpanProcessor()` instead.
 *
 * @example
 * ```ts
 * import { init } from '@vigil/sdk'
 * init({ serviceName: 'support-bot' }) // endpoint and key from VIGIL_ENDPOINT / VIGIL_API_KEY
 * ```
 */
export function init(options: InitOptions = {}): void {
  install(options, 'init()', {})
}

/**
 * Sets up a pipeline from `options` and makes it the active one, replacing
 * (and retiring) the previous one. `caller` names the public function in log
 * lines. Returns undefined when setup failed, which is logged. Internal.
 */
export function install(
  options: unknown,
  caller: string,
  pipelineOptions: PipelineOptions,
): TracePipeline | undefined {
  try {
    const given: InitOptions = typeof options === 'object' && options !== null ? options : {}
    const { config, warnings } = resolveConfig(given)
    logger = guardLogger(given.logger ?? createConsoleLogger(), config.debug)
    if (given !== options) logger.warn(`${caller} expects an options object; using the defaults.`)
    for (const warning of warnings) logger.warn(warning)
    const exporter = given.exporter ?? createExporter(config, logger)
    const previous = active
    const signalSink = given.signalSink ?? createSignalExporter(config, logger)
    active = new TracePipeline(config, exporter, logger, {
      ...pipelineOptions,
      redact: given.redact,
      signalSink,
    })
    if (previous !== undefined) {
      logger.warn(
        `${caller} was called again: the new settings replace the previous ones. Set Vigil up once at startup.`,
      )
      retire(previous)
    }
    registerExitFlush(flushOnExit)
    logger.debug(`Recording with ${describeConfig(config, given.exporter !== undefined, active.attached)}.`)
    return active
  } catch (error) {
    logger.error(`${caller} failed, so model calls are not recorded: ${describeError(error)}`)
    return undefined
  }
}

/**
 * Sends everything recorded so far, spans and signals. Resolves `true` only when
 * all of it was acknowledged by the collector (2xx), `false` if anything was
 * dropped or failed since the previous flush. Calls still running are not waited for, and
 * spans left out by `sampleRate` are not losses. Never rejects. Call it at the
 * end of a serverless invocation, and before `process.exit()`: the automatic
 * flush when the event loop empties does not run there.
 *
 * @example
 * ```ts
 * const delivered = await flush()
 * if (!delivered) console.warn('some LLM spans did not reach Vigil', getStats())
 * ```
 */
export async function flush(): Promise<boolean> {
  try {
    const [retiredOk, activeOk] = await Promise.all([settleRetired(), active?.flush() ?? true])
    return retiredOk && activeOk
  } catch (error) {
    logger.error(`flush() failed: ${describeError(error)}`)
    return false
  }
}

/**
 * Flushes, then stops recording; later {@link observe} calls run their function
 * without recording. Resolves like {@link flush} and never rejects.
 *
 * @example
 * ```ts
 * process.once('SIGTERM', async () => {
 *   await shutdown()
 *   process.exit(0)
 * })
 * ```
 */
export async function shutdown(): Promise<boolean> {
  try {
    if (active !== undefined) retire(active)
    active = undefined
    return await settleRetired()
  } catch (error) {
    logger.error(`shutdown() failed: ${describeError(error)}`)
    return false
  }
}

/**
 * Counters of the current (or last shut-down) setup since its `init()`: spans
 * started, exported, dropped, failed… All zero before the first `init()`.
 *
 * @example
 * ```ts
 * const { spansExported, spansDropped, exportFailures } = getStats()
 * ```
 */
export function getStats(): VigilStats {
  try {
    return (active ?? lastRetired)?.getStats() ?? EMPTY_STATS
  } catch (error) {
    logger.error(`getStats() failed: ${describeError(error)}`)
    return EMPTY_STATS
  }
}

/** The pipeline observe() records into, if any. Internal. */
export function activePipeline(): TracePipeline | undefined {
  return active
}

/** The logger of the current setup (the console before init). Internal. */
export function sdkLogger(): VigilLogger {
  return logger
}

/** For the `beforeExit` hook: a flush when spans are still queued, else undefined. */
function flushOnExit(): Promise<boolean> | undefined {
  if (active === undefined || active.queueLength === 0) return undefined
  logger.debug('The app is about to exit with spans still queued: sending them now.')
  return flush()
}

function retire(pipeline: TracePipeline): void {
  lastRetired = pipeline
  retiring.add(pipeline.shutdown().catch(() => false))
}

async function settleRetired(): Promise<boolean> {
  const pending = [...retiring]
  retiring.clear()
  const results = await Promise.all(pending)
  return results.every(Boolean)
}

function createExporter(config: ResolvedConfig, logger: VigilLogger): VigilSpanExporter {
  // Retries must end before the queue stops waiting for the batch, or a batch
  // counted as failed could still arrive, and batches would overlap.
  const budgetMillis = Math.min(DEFAULT_RETRY_POLICY.budgetMillis, config.exportTimeoutMillis)
  return new VigilSpanExporter({
    endpoint: config.endpoint,
    apiKey: config.apiKey,
    logger,
    retry: { budgetMillis },
  })
}

function createSignalExporter(config: ResolvedConfig, logger: VigilLogger): SignalSink {
  return new VigilSignalExporter({
    endpoint: config.endpoint,
    apiKey: config.apiKey,
    logger,
    retry: { budgetMillis: Math.min(DEFAULT_RETRY_POLICY.budgetMillis, config.exportTimeoutMillis) },
    resource: vigilResource(config),
  })
}

function describeConfig(config: ResolvedConfig, customExporter: boolean, attached: boolean): string {
  const target = customExporter
    ? 'a custom exporter'
    : `${config.endpoint} (API key ${config.apiKey ? 'set' : 'not set'})`
  const app = attached
    ? "the app's tracer provider"
    : `service ${config.serviceName}, environment ${config.environment}`
  return (
    `${target}, ${app}, sampleRate ${config.sampleRate}, captureContent ${config.captureContent}, ` +
    `maxQueueSize ${config.maxQueueSize}, maxExportBatchSize ${config.maxExportBatchSize}`
  )
}
