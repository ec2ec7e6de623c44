import type { InitOptions } from './init-options.js'

/** Options after resolution: every setting has a valid value. */
export interface ResolvedConfig {
  endpoint: string
  apiKey: string | undefined
  serviceName: string
  environment: string
  debug: boolean
  maxQueueSize: number
  maxExportBatchSize: number
  scheduledDelayMillis: number
  exportTimeoutMillis: number
  sampleRate: number
  captureContent: boolean
  maxContentLength: number
}

export const DEFAULT_CONFIG: Readonly<ResolvedConfig> = {
  endpoint: 'http://127.0.0.1:4318',
  apiKey: undefined,
  serviceName: 'unknown_service',
  environment: 'development',
  debug: false,
  maxQueueSize: 2048,
  maxExportBatchSize: 512,
  scheduledDelayMillis: 5000,
  exportTimeoutMillis: 30_000,
  sampleRate: 1,
  captureContent: false,
  maxContentLength: 32 * 1024,
}

type Env = Readonly<Record<string, string | undefined>>
type Parse<T> = (raw: unknown) => T | undefined

interface Setting<T> {
  env: string[]
  parse: Parse<T>
  expected: string
}

const SETTINGS: { [K in keyof ResolvedConfig]: Setting<ResolvedConfig[K]> } = {
  endpoint: {
    env: ['VIGIL_ENDPOINT'],
    parse: parseEndpoint,
    expected: 'an http(s) URL such as http://127.0.0.1:4318',
  },
  apiKey: { env: ['VIGIL_API_KEY'], parse: parseText, expected: 'a non-empty string' },
  serviceName: {
    env: ['VIGIL_SERVICE_NAME', 'OTEL_SERVICE_NAME'],
    parse: parseText,
    expected: 'a non-empty string',
  },
  environment: { env: ['VIGIL_ENVIRONMENT'], parse: parseText, expected: 'a non-empty string' },
  debug: { env: ['VIGIL_DEBUG'], parse: parseBoolean, expected: 'true or false' },
  maxQueueSize: { env: ['VIGIL_MAX_QUEUE_SIZE'], parse: parseInteger(1), expected: 'an integer >= 1' },
  maxExportBatchSize: {
    env: ['VIGIL_MAX_EXPORT_BATCH_SIZE'],
    parse: parseInteger(1),
    expected: 'an integer >= 1',
  },
  scheduledDelayMillis: {
    env: ['VIGIL_SCHEDULED_DELAY_MILLIS'],
    parse: parseInteger(0),
    expected: 'an integer >= 0',
  },
  exportTimeoutMillis: {
    env: ['VIGIL_EXPORT_TIMEOUT_MILLIS'],
    parse: parseInteger(1),
    expected: 'an integer >= 1',
  },
  sampleRate: { env: ['VIGIL_SAMPLE_RATE'], parse: parseRate, expected: 'a number from 0 to 1' },
  captureContent: { env: ['VIGIL_CAPTURE_CONTENT'], parse: parseBoolean, expected: 'true or false' },
  // Below 256 characters the JSON of even one short message would not fit.
  maxContentLength: {
    env: ['VIGIL_MAX_CONTENT_LENGTH'],
    parse: parseInteger(256),
    expected: 'an integer >= 256',
  },
}

/**
 * Resolves options against the environment. Returns warnings instead of
 * logging them because the logger's own `debug` flag is one of the settings.
 */
export function resolveConfig(
  options: InitOptions,
  env: Env = process.env,
): { config: ResolvedConfig; warnings: string[] } {
  const warnings: string[] = []
  const pick = <K extends keyof ResolvedConfig>(name: K): ResolvedConfig[K] => {
    const { env: envNames, parse, expected } = SETTINGS[name]
    const sources: Array<[source: string, raw: unknown]> = [
      [`init({ ${name} })`, options[name]],
      ...envNames.map((envName): [string, unknown] => [envName, env[envName]]),
    ]
    const rejected: string[] = []
    for (const [source, raw] of sources) {
      // null from JavaScript callers and empty variables (how deploy tools often spell "unset") mean unset.
      if (raw === undefined || raw === null || (raw === '' && source !== sources[0]?.[0])) continue
      const parsed = parse(raw)
      if (parsed === undefined) {
        rejected.push(`${source} = ${name === 'apiKey' ? '<hidden>' : JSON.stringify(raw)}`)
        continue
      }
      for (const bad of rejected) warnings.push(`${bad} is not ${expected}; using ${source} instead.`)
      return parsed
    }
    const fallback = DEFAULT_CONFIG[name]
    for (const bad of rejected) {
      warnings.push(`${bad} is not ${expected}; using the default (${fallback ?? 'none'}) instead.`)
    }
    return fallback
  }

  const config: ResolvedConfig = {
    endpoint: pick('endpoint'),
    apiKey: pick('apiKey'),
    serviceName: pick('serviceName'),
    environment: pick('environment'),
    debug: pick('debug'),
    maxQueueSize: pick('maxQueueSize'),
    maxExportBatchSize: pick('maxExportBatchSize'),
    scheduledDelayMillis: pick('scheduledDelayMillis'),
    exportTimeoutMillis: pick('exportTimeoutMillis'),
    sampleRate: pick('sampleRate'),
    captureContent: pick('captureContent'),
    maxContentLength: pick('maxContentLength'),
  }

  if (config.maxExportBatchSize > config.maxQueueSize) {
    warnings.push(
      `maxExportBatchSize (${config.maxExportBatchSize}) is larger than maxQueueSize (${config.maxQueueSize}); ` +
        `using ${config.maxQueueSize} for both.`,
    )
    config.maxExportBatchSize = config.maxQueueSize
  }
  if (config.apiKey !== undefined && isPlainHttpToRemoteHost(config.endpoint)) {
    warnings.push(
      `The API key is sent unencrypted to ${config.endpoint}; use an https:// endpoint for a remote collector.`,
    )
  }
  return { config, warnings }
}

function parseText(raw: unknown): string | undefined {
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined
}

function parseEndpoint(raw: unknown): string | undefined {
  const text = parseText(raw)
  if (text === undefined || !URL.canParse(text)) return undefined
  const url = new URL(text)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  return url.href.replace(/\/+$/, '')
}

function parseBoolean(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw
  if (typeof raw !== 'string') return undefined
  if (/^(true|1|yes|on)$/i.test(raw.trim())) return true
  if (/^(false|0|no|off)$/i.test(raw.trim())) return false
  return undefined
}

function toNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return raw
  if (typeof raw === 'string' && raw.trim() !== '') return Number(raw)
  return undefined
}

function parseInteger(min: number): Parse<number> {
  return (raw) => {
    const value = toNumber(raw)
    return value !== undefined && Number.isSafeInteger(value) && value >= min ? value : undefined
  }
}

function parseRate(raw: unknown): number | undefined {
  const value = toNumber(raw)
  return value !== undefined && value >= 0 && value <= 1 ? value : undefined
}

function isPlainHttpToRemoteHost(endpoint: string): boolean {
  const url = new URL(endpoint)
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
  return url.protocol === 'http:' && !loopback
}
