import { createServer } from 'node:net'
import { beforeAll, describe, expect, it } from 'vitest'
import { GATE_EXIT, runGate } from '../packages/collector/src/cli/gate-command.js'
import { makeJsonSpan, makeJsonTraceRequest } from '../packages/collector/src/testing/otlp-json.js'
import { useTestCollector } from '../packages/collector/src/testing/test-collector.js'

/**
 * `vigil gate` against a running collector, in process: the scorecard it
 * prints and the exit code a CI step acts on, for each verdict, a comparison,
 * bad usage and a collector it cannot reach or that refuses it.
 */
const ADMIN = 'gate-admin-key-0123456789abcdef'
const collector = useTestCollector({ name: 'readiness-gate', apiKey: ADMIN, writer: { lingerMs: 5 } })
let READER: string

const HOUR = 3_600_000
const base = Math.floor((Date.now() - 2 * 24 * HOUR) / (24 * HOUR)) * 24 * HOUR + 10 * HOUR

// checkout v1: 60 clean calls; v2: 60 calls, 6 failed; v3: a canary of 10 calls, too few to judge.
const spans = [
  ...Array.from({ length: 60 }, (_, i) => ({ version: 'v1', i, error: false })),
  ...Array.from({ length: 60 }, (_, i) => ({ version: 'v2', i, error: i < 6 })),
  ...Array.from({ length: 10 }, (_, i) => ({ version: 'v3', i, error: false })),
].map(({ version, i, error }) =>
  makeJsonSpan({
    startMs: base + i * 30_000,
    durationMs: 500,
    model: 'gpt-4o-mini',
    useCase: 'checkout',
    inputTokens: 50,
    outputTokens: 5,
    errorType: error ? 'timeout' : undefined,
    extra: { 'vigil.prompt_version': version },
  }),
)

interface GateRun {
  code: number
  stdout: string
  stderr: string
}

async function gate(args: string[], env: Record<string, string | undefined> = {}): Promise<GateRun> {
  let stdout = ''
  let stderr = ''
  const code = await runGate(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { VIGIL_ENDPOINT: collector.url, VIGIL_API_KEY: READER, ...env },
  })
  return { code, stdout, stderr }
}

beforeAll(async () => {
  READER = (await collector.call('POST', '/api/v1/keys', ADMIN, { name: 'ci', scopes: ['read'] })).body.key
  expect((await collector.call('POST', '/v1/traces', ADMIN, makeJsonTraceRequest(spans))).status).toBe(200)
  const put = await collector.call('PUT', '/api/v1/readiness/criteria/checkout', ADMIN, {
    minCalls: 50,
    criteria: [
      { metric: 'errorRate', comparison: '<=', threshold: 0.02 },
      { metric: 'latencyP95Ms', comparison: '<=', threshold: 1000 },
    ],
    operations: { alertsDefined: false, alertsRouted: false },
  })
  expect(put.status, JSON.stringify(put.body)).toBe(200)
})

describe('vigil gate', () => {
  it('exits 0 and prints the scorecard when the use case is ready', async () => {
    const run = await gate(['--use-case', 'checkout', '--prompt-version', 'v1'])
    expect(run).toMatchObject({ code: GATE_EXIT.ready, stderr: '' })
    expect(run.stdout).toMatch(/^Use case "checkout": READY\n/)
    expect(run.stdout).toMatch(/60 calls · criteria from the API\nScope promptVersion=v1/)
    expect(run.stdout).toMatch(
      /Delivery\n {2}error rate +✓ 0 % +must be ≤ 2 %\n {2}p95 latency +✓ 500 ms +must be ≤ 1,000 ms/,
    )
    expect(run.stdout).toContain('READY:\n  - all 2 criteria pass')
  })

  it('exits 1 when a criterion fails, naming it', async () => {
    const run = await gate(['--use-case', 'checkout', '--prompt-version', 'v2', '--window', '30d'])
    expect(run.code).toBe(GATE_EXIT.notReady)
    expect(run.stdout).toMatch(/error rate +✗ 10 % +must be ≤ 2 %/)
    expect(run.stdout).toContain('NOT READY:\n  - Delivery · error rate: 10 %; must be ≤ 2 %')
  })

  it('exits 3 when nothing fails but there are too few calls to judge', async () => {
    const run = await gate(['--use-case', 'checkout', '--prompt-version', 'v3'])
    expect(run.code).toBe(GATE_EXIT.insufficientData)
    expect(run.stdout).toMatch(/error rate +\? 10 calls \(needs 50\)/)
    expect(run.stdout).toContain('INSUFFICIENT DATA:')
  })

  it('compares prompt versions side by side, exiting with the verdict of the last one', async () => {
    const candidateLast = await gate(['--use-case', 'checkout', '--compare', 'promptVersion=v2,v1'])
    expect(candidateLast.code).toBe(GATE_EXIT.ready)
    expect(candidateLast.stdout).toMatch(/promptVersion=v2 +promptVersion=v1/)
    expect(candidateLast.stdout).toMatch(/error rate ≤ 2 % +✗ 10 % +✓ 0 %/)
    expect(candidateLast.stdout).toMatch(/Verdict +NOT READY +READY/)
    const brokenLast = await gate(['--use-case', 'checkout', '--compare', 'promptVersion=v1,v2'])
    expect(brokenLast.code).toBe(GATE_EXIT.notReady)
  })

  it('prints the API answer with --json, exiting by its verdict all the same', async () => {
    const run = await gate(['--use-case', 'checkout', '--prompt-version', 'v2', '--json'])
    expect(run.code).toBe(GATE_EXIT.notReady)
    const answer = JSON.parse(run.stdout)
    expect(answer).toMatchObject({ useCase: 'checkout', verdict: 'not_ready', calls: 60 })
  })

  it('exits 2 with the usage on a wrong invocation, asking nothing', async () => {
    const cases: [string[], Record<string, string | undefined>, RegExp][] = [
      [[], {}, /Missing --use-case/],
      [['--use-case', 'checkout', '--colour', 'blue'], {}, /Unknown option '--colour'/],
      [['--use-case', 'checkout', '--window', '7x'], {}, /Invalid --window: "7x" is not a duration/],
      [['--use-case', 'checkout', '--window', '365d'], {}, /Invalid --window: must be between 1m and 90d/],
      [['--use-case', 'checkout', '--compare', 'colour=a,b'], {}, /Invalid --compare "colour=a,b"/],
      [['--use-case', 'checkout', '--compare', 'promptVersion=v1'], {}, /give 2 to 5 values/],
      [
        ['--use-case', 'checkout', '--compare', 'model=a,b', '--model', 'a'],
        {},
        /model is also given as a filter/,
      ],
      [
        ['--use-case', 'checkout'],
        { VIGIL_API_KEY: undefined },
        /No API key: pass --key or set VIGIL_API_KEY/,
      ],
      [['--use-case', 'checkout', '--endpoint', 'ftp://host'], {}, /must be http:\/\/ or https:\/\//],
    ]
    for (const [args, env, message] of cases) {
      const run = await gate(args, env)
      expect(run.code, args.join(' ')).toBe(GATE_EXIT.usage)
      expect(run.stderr, args.join(' ')).toMatch(message)
      expect(run.stderr).toContain('Usage: vigil gate')
      expect(run.stdout).toBe('')
    }
    const help = await gate(['--help'])
    expect(help).toMatchObject({ code: 0, stderr: '' })
    expect(help.stdout).toMatch(/Exit codes:\n {2}0 {2}ready/)
  })

  it('exits 4 when the collector cannot be reached', async () => {
    const closed = await closedPort()
    const run = await gate(['--use-case', 'checkout', '--endpoint', `http://127.0.0.1:${closed}`])
    expect(run.code).toBe(GATE_EXIT.noScorecard)
    expect(run.stderr).toMatch(
      /^Cannot reach the collector at http:\/\/127\.0\.0\.1:\d+ .*check --endpoint or VIGIL_ENDPOINT/,
    )
    expect(run.stdout).toBe('')
  })

  it('exits 4 when the collector refuses the request, saying why', async () => {
    const badKey = await gate(['--use-case', 'checkout', '--key', 'not-a-key-of-this-collector'])
    expect(badKey.code).toBe(GATE_EXIT.noScorecard)
    expect(badKey.stderr).toMatch(/answered 401 \(VIGIL_ERR_UNAUTHORIZED: .*\)\. Check the key/)
    const unknown = await gate(['--use-case', 'chekout'])
    expect(unknown.code).toBe(GATE_EXIT.noScorecard)
    expect(unknown.stderr).toMatch(
      /answered 404 \(VIGIL_ERR_UNKNOWN_USE_CASE: Use case "chekout" has no readiness criteria/,
    )
  })
})

/** A port nothing listens on: one the system just handed out and that was closed again. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
