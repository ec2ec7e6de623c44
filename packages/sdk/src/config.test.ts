import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG, resolveConfig } from './config.js'

describe('resolveConfig', () => {
  it('uses the defaults when nothing is set', () => {
    expect(resolveConfig({}, {})).toEqual({ config: DEFAULT_CONFIG, warnings: [] })
  })

  it('prefers the explicit option, then the VIGIL_* variable, then the default', () => {
    const env = {
      VIGIL_ENDPOINT: 'http://collector:4318',
      VIGIL_SERVICE_NAME: 'from-env',
      VIGIL_SAMPLE_RATE: '0.5',
    }
    const { config } = resolveConfig({ serviceName: 'from-option' }, env)

    expect(config.serviceName).toBe('from-option')
    expect(config.endpoint).toBe('http://collector:4318')
    expect(config.sampleRate).toBe(0.5)
    expect(config.environment).toBe('development')
  })

  it('reads numbers and booleans from their string form in the environment', () => {
    const { config } = resolveConfig({}, { VIGIL_DEBUG: 'true', VIGIL_MAX_QUEUE_SIZE: '100' })
    expect(config.debug).toBe(true)
    expect(config.maxQueueSize).toBe(100)
  })

  it('falls back to OTEL_SERVICE_NAME for the service name', () => {
    expect(resolveConfig({}, { OTEL_SERVICE_NAME: 'otel-app' }).config.serviceName).toBe('otel-app')
  })

  it('treats an empty variable as unset', () => {
    const { config, warnings } = resolveConfig({}, { VIGIL_ENDPOINT: '' })
    expect(config.endpoint).toBe(DEFAULT_CONFIG.endpoint)
    expect(warnings).toEqual([])
  })

  it('skips an invalid value for the next source and names both in the warning', () => {
    const { config, warnings } = resolveConfig(
      { endpoint: 'not a url' },
      { VIGIL_ENDPOINT: 'https://vigil.example.com/' },
    )

    expect(config.endpoint).toBe('https://vigil.example.com')
    expect(warnings).toEqual([
      'init({ endpoint }) = "not a url" is not an http(s) URL such as http://127.0.0.1:4318; using VIGIL_ENDPOINT instead.',
    ])
  })

  it('falls back to the default for an invalid value with nothing behind it', () => {
    const { config, warnings } = resolveConfig({}, { VIGIL_SAMPLE_RATE: 'lots' })
    expect(config.sampleRate).toBe(1)
    expect(warnings[0]).toContain(
      'VIGIL_SAMPLE_RATE = "lots" is not a number from 0 to 1; using the default (1)',
    )
  })

  it('never repeats the API key in a warning', () => {
    const { warnings } = resolveConfig({ apiKey: '   ' }, { VIGIL_API_KEY: 'vk_secret' })
    expect(warnings.join('\n')).not.toContain('vk_secret')
    expect(warnings[0]).toContain('init({ apiKey }) = <hidden>')
  })

  it('caps the batch size at the queue size', () => {
    const { config, warnings } = resolveConfig({ maxQueueSize: 10, maxExportBatchSize: 50 }, {})
    expect(config.maxExportBatchSize).toBe(10)
    expect(warnings[0]).toContain('maxExportBatchSize (50) is larger than maxQueueSize (10)')
  })

  it('warns when an API key would travel unencrypted to a remote host', () => {
    const remote = resolveConfig({ apiKey: 'k', endpoint: 'http://vigil.example.com' }, {})
    const local = resolveConfig({ apiKey: 'k', endpoint: 'http://localhost:4318' }, {})
    expect(remote.warnings[0]).toContain('sent unencrypted')
    expect(local.warnings).toEqual([])
  })

  it('keeps content capture off unless asked, from the option or VIGIL_CAPTURE_CONTENT', () => {
    expect(resolveConfig({}, {}).config.captureContent).toBe(false)
    expect(resolveConfig({}, { VIGIL_CAPTURE_CONTENT: 'true' }).config.captureContent).toBe(true)
    expect(
      resolveConfig({ captureContent: false }, { VIGIL_CAPTURE_CONTENT: '1' }).config.captureContent,
    ).toBe(false)
  })

  it('reads maxContentLength, refusing values too small to hold a message', () => {
    expect(resolveConfig({}, { VIGIL_MAX_CONTENT_LENGTH: '4096' }).config.maxContentLength).toBe(4096)
    const { config, warnings } = resolveConfig({ maxContentLength: 10 }, {})
    expect(config.maxContentLength).toBe(DEFAULT_CONFIG.maxContentLength)
    expect(warnings[0]).toContain('is not an integer >= 256')
  })
})
