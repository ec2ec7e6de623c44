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
})
