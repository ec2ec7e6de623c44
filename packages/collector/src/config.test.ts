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
})
