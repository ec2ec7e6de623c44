import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCollector } from '../packages/collector/src/collector.js'
import { useTestCollector } from '../packages/collector/src/testing/test-collector.js'
import { readConfigFile } from '../packages/collector/src/vigil-config-file.js'

/** Rules, channels and readiness criteria kept in the app's repository, loaded at every start. */

const ADMIN = 'alerts-config-admin-key-0123456789'
const dir = mkdtempSync(join(tmpdir(), 'vigil-config-file-'))
const path = join(dir, 'vigil.config.yaml')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const yaml = (threshold: number, withSecondRule: boolean) => `
project: default
channels:
  - name: oncall
    type: webhook
    url: \${ONCALL_URL}
alerts:
  - id: support-latency
    name: Support answers slowly
    metric: latencyP95Ms
    filters: { useCase: support }
    comparison: ">"
    threshold: ${threshold}
    window: 15m
    for: 5m
    channels: [oncall]
${
  withSecondRule
    ? `  - id: daily-budget
    name: Daily spend
    metric: costUsd
    comparison: ">"
    threshold: 50
    budget: { period: day }
    channels: [oncall]
`
    : ''
}readiness:
  - useCase: support
    window: 7d
    criteria:
      - { metric: errorRate, comparison: "<=", threshold: 0.01 }
`

function write(text: string, to = join(dir, 'unit.yaml')): string {
  writeFileSync(to, text)
  return to
}

describe('reading vigil.config.yaml', () => {
  const env = { ONCALL_URL: 'https://hooks.example.com/T000/B000' }

  it('fills placeholders from the environment and applies defaults', () => {
    const file = readConfigFile(write(yaml(2000, true)), env)
    expect(file.project).toBe('default')
    expect(file.channels[0]).toMatchObject({ name: 'oncall', url: 'https://hooks.example.com/T000/B000' })
    expect(file.alerts.map((rule) => [rule.id, rule.minCalls, rule.repeatInterval])).toEqual([
      ['support-latency', 1, '4h'],
      ['daily-budget', 1, '4h'],
    ])
  })

  it('names the file, the field and the problem', () => {
    expect(() => readConfigFile(write(yaml(2000, false)), {})).toThrow(
      /unit\.yaml: channels\[0\]\.url uses \$\{ONCALL_URL\}, which is not set/,
    )
    expect(() =>
      readConfigFile(write(yaml(2000, false).replace('threshold: 2000', 'threshold: fast')), env),
    ).toThrow(/unit\.yaml: alerts\[0\]\.threshold: /)
    expect(() =>
      readConfigFile(write(yaml(2000, false).replace('- id: support-latency\n    name', '- name')), env),
    ).toThrow(/alerts\[0\]\.id: a rule in the config file needs an `id`/)
    expect(() =>
      readConfigFile(write(yaml(2000, false).replace('channels: [oncall]', 'channels: [pager]')), env),
    ).toThrow(/alert rule "support-latency" names channel "pager", which the file does not define/)
    expect(() => readConfigFile(write('alerts: [unclosed'), env)).toThrow(/unit\.yaml cannot be read/)
  })
})

describe('a collector started with a config file', () => {
  beforeAll(() => {
    process.env.ONCALL_URL = 'https://hooks.example.com/T000/B000'
    write(yaml(2000, true), path)
  })
  const collector = useTestCollector({ name: 'config-file', apiKey: ADMIN, configFile: path })

  it('serves the file’s definitions as read-only', async () => {
    const rules = await collector.get('/api/v1/alerts', ADMIN)
    expect(rules.body.rules.map((rule: { id: string; source: string }) => [rule.id, rule.source])).toEqual([
      ['daily-budget', 'file'],
      ['support-latency', 'file'],
    ])
    const channels = await collector.get('/api/v1/alert-channels', ADMIN)
    expect(channels.body.channels).toEqual([expect.objectContaining({ name: 'oncall', source: 'file' })])
    const criteria = await collector.get('/api/v1/readiness/criteria', ADMIN)
    expect(JSON.stringify(criteria.body)).toContain('"useCase":"support"')

    const edit = await collector.call('PUT', '/api/v1/alerts/support-latency', ADMIN, {
      name: 'x',
      metric: 'errorRate',
      comparison: '>',
      threshold: 1,
    })
    expect(edit.status).toBe(409)
    expect(edit.body.error).toMatchObject({ code: 'VIGIL_ERR_DEFINED_IN_FILE' })
    expect(edit.body.error.message).toMatch(/config file/)
    expect((await collector.call('DELETE', '/api/v1/alerts/support-latency', ADMIN)).status).toBe(409)
  })

  it('follows the file at the next start: changed rules replaced, removed ones deleted', async () => {
    write(yaml(3000, false), path)
    await collector.restart()
    const rules = await collector.get('/api/v1/alerts', ADMIN)
    expect(
      rules.body.rules.map((rule: { id: string; threshold: number }) => [rule.id, rule.threshold]),
    ).toEqual([['support-latency', 3000]])
  })

  it('refuses to start on a broken file, naming the field', async () => {
    const broken = join(dir, 'broken.yaml')
    writeFileSync(broken, 'alerts:\n  - { id: a, name: a, metric: nope, comparison: ">", threshold: 1 }\n')
    await expect(
      startCollector({ port: 0, dataDir: join(dir, 'never'), configFile: broken, logLevel: 'silent' }),
    ).rejects.toThrow(/broken\.yaml: alerts\[0\]\.metric: unknown metric "nope"/)
  })
})
