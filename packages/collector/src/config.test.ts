import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.js'
import { ConfigError } from './errors.js'

describe('loadConfig', () => {
  it('uses defaults when nothing is set', () => {
    const config = loadConfig({}, {})
    expect(config).toMatchObject({ host: '127.0.0.1', port: 4318, maxBodyBytes: 64 * 1024 * 1024 })
    expect(config.clickhouse.url).toBeUndefined()
    expect(config.clickhouse.database).toBe('vigil')
  })

  it('prefers an explicit option over the environment, and the environment over the default', () => {
    const env = { VIGIL_PORT: '9000', VIGIL_HOST: '0.0.0.0' }
    expect(loadConfig({ port: 7000 }, env)).toMatchObject({ port: 7000, host: '0.0.0.0' })
    expect(loadConfig({}, env).port).toBe(9000)
  })

  it('refuses a bad setting with a message naming it and its variable', () => {
    expect(() => loadConfig({}, { VIGIL_PORT: 'http' })).toThrow(ConfigError)
    expect(() => loadConfig({}, { VIGIL_PORT: 'http' })).toThrow(/port.*VIGIL_PORT/)
    expect(() => loadConfig({}, { VIGIL_CLICKHOUSE_DATABASE: 'x; DROP TABLE' })).toThrow(
      /VIGIL_CLICKHOUSE_DATABASE/,
    )
    expect(() => loadConfig({}, { VIGIL_API_KEY: 'short' })).toThrow(/VIGIL_API_KEY.*16/)
  })

  it('reads the storage scale-out, retention and migration settings', () => {
    expect(loadConfig({}, {})).toMatchObject({
      retentionDays: 90,
      migrate: true,
      writer: { dedupCacheIds: 100_000 },
    })
    const env = {
      VIGIL_CLICKHOUSE_URL: 'http://ch:8123',
      VIGIL_CLICKHOUSE_CLUSTER: 'vigil',
      VIGIL_RETENTION_DAYS: '30',
      VIGIL_MIGRATE: 'off',
    }
    expect(loadConfig({}, env)).toMatchObject({
      clickhouse: { cluster: 'vigil' },
      retentionDays: 30,
      migrate: false,
    })
  })

  it('refuses a cluster without a server, and retention outside 1 to 36500 days', () => {
    expect(() => loadConfig({}, { VIGIL_CLICKHOUSE_CLUSTER: 'vigil' })).toThrow(
      /VIGIL_CLICKHOUSE_CLUSTER.*server/,
    )
    expect(() => loadConfig({}, { VIGIL_RETENTION_DAYS: '0' })).toThrow(/VIGIL_RETENTION_DAYS/)
    expect(() => loadConfig({}, { VIGIL_MIGRATE: 'maybe' })).toThrow(/VIGIL_MIGRATE/)
  })
  it('reads the ingest limits and /metrics access, naming a bad one', () => {
    expect(loadConfig({}, {})).toMatchObject({
      ingest: {
        maxAttributes: 128,
        maxValueBytes: 8 * 1024,
        maxContentBytes: 256 * 1024,
        maxInFlightBytes: 128 * 1024 * 1024,
        maxRequestsPerProject: 64,
      },
    })
    expect(loadConfig({}, {}).metricsAuth).toBeUndefined()
    const env = {
      VIGIL_INGEST_MAX_ATTRIBUTES: '32',
      VIGIL_INGEST_MAX_VALUE_BYTES: '1024',
      VIGIL_INGEST_MAX_CONTENT_BYTES: '4096',
      VIGIL_INGEST_MAX_IN_FLIGHT_BYTES: '1048576',
      VIGIL_INGEST_MAX_REQUESTS_PER_PROJECT: '4',
      VIGIL_METRICS_AUTH: 'key',
    }
    expect(loadConfig({ ingest: { maxAttributes: 16 } }, env)).toMatchObject({
      ingest: {
        maxAttributes: 16,
        maxValueBytes: 1024,
        maxContentBytes: 4096,
        maxInFlightBytes: 1_048_576,
        maxRequestsPerProject: 4,
      },
      metricsAuth: 'key',
    })
    expect(() => loadConfig({}, { VIGIL_INGEST_MAX_ATTRIBUTES: '0' })).toThrow(
      /ingest\.maxAttributes.*VIGIL_INGEST_MAX_ATTRIBUTES/,
    )
    expect(() => loadConfig({}, { VIGIL_INGEST_MAX_REQUESTS_PER_PROJECT: 'many' })).toThrow(
      /VIGIL_INGEST_MAX_REQUESTS_PER_PROJECT/,
    )
    expect(() => loadConfig({}, { VIGIL_METRICS_AUTH: 'none' })).toThrow(/metricsAuth.*VIGIL_METRICS_AUTH/)
  })
})
