import { beforeAll, describe, expect, it } from 'vitest'
import type { Json } from '../../packages/collector/src/testing/test-collector.js'
import { formatCount, formatMs, formatPercent, formatUsd } from '../../packages/dashboard/src/ui/format.js'
import { useDashboard } from './support/dashboard-harness.js'
import { labelled, setControl } from './support/form-control.js'
import { type SupportAppTraffic, sendSupportAppTraffic } from './support/support-app.js'
import { until } from './support/until.js'

/**
 * The dashboard in Chromium against a real collector on embedded storage,
 * fed by a support app through the SDK: a person signs in, reads the
 * overview, narrows it to a model, opens a call's trace, sets a threshold
 * that fires, and checks whether a use case is ready. The numbers on screen
 * are compared with what the public API answers for the same window,
 * formatted by the dashboard's own formatters. Each step leaves a screenshot
 * in test-artifacts/browser/.
 *
 * The tests run in order in one browser, as one visit: each opens its page
 * itself, so a failure does not hide the next one.
 */

const KEY = 'browser-e2e-admin-key-0123456789'
const dashboard = useDashboard({ name: 'walkthrough', apiKey: KEY })
let traffic: SupportAppTraffic
/** The window every step looks at, absolute so the page and the API measure exactly the same calls. */
let timeWindow: { from: string; to: string }
const ALERT_NAME = 'Calls failing (browser e2e)'

/** The headline numbers as the overview must show them (test id → text). */
function expectedStats(s: Json): Record<string, string> {
  return {
    calls: formatCount(s.calls),
    costUsd: formatUsd(s.costUsd),
    costPerCallUsd: formatUsd(s.costPerCallUsd),
    latencyP50Ms: formatMs(s.latencyMs.p50),
    latencyP95Ms: formatMs(s.latencyMs.p95),
    ttftP50Ms: formatMs(s.ttftMs.p50),
    errorRate: formatPercent(s.errorRate),
    timeoutRate: formatPercent(s.timeoutRate),
    fallbackRate: formatPercent(s.fallbackRate),
    correctionRate: formatPercent(s.corrections.rate),
    positiveRate: formatPercent(s.feedback.positiveRate),
    escalationRate: formatPercent(s.escalations.rate),
  }
}

const statValue = (metric: string) =>
  dashboard.page.locator(`[data-testid="stat-${metric}"] [data-testid="stat-value"]`)

async function shownStats(metrics: string[]): Promise<Record<string, string>> {
  const shown: Record<string, string> = {}
  for (const metric of metrics) {
    const value = statValue(metric)
    shown[metric] = (await value.count()) === 1 ? ((await value.textContent()) ?? '').trim() : '(missing)'
  }
  return shown
}

const query = (extra: Record<string, string> = {}) =>
  new URLSearchParams({ ...timeWindow, ...extra }).toString()

beforeAll(async () => {
  traffic = await sendSupportAppTraffic({ collectorUrl: dashboard.url, apiKey: KEY, llm: dashboard.llm })
  timeWindow = {
    from: new Date(traffic.startedMs - 5 * 60_000).toISOString(),
    to: new Date(traffic.endedMs + 5 * 60_000).toISOString(),
  }
  // Acknowledged spans and signals become visible to queries within ~100 ms.
  const expected = [traffic.calls, 4, 1, 1]
  await until(
    async () => {
      const s = await dashboard.api('/api/v1/metrics/summary', timeWindow)
      return [s.calls, s.feedback.count, s.escalations.count, s.corrections.count]
    },
    (seen) => seen.every((n, i) => n === expected[i]),
    { what: 'the calls and signals sent to be queryable (calls, feedback, escalations, corrections)' },
  )
})

describe('the dashboard in a real browser', () => {
  it('signs in through the form with a real key, after refusing a wrong one', async () => {
    const { page } = dashboard
    await page.goto(`${dashboard.url}/`)
    const keyField = page.getByLabel('API key')
    await keyField.waitFor()
    await dashboard.screenshot('01-sign-in')

    await keyField.fill('not-a-key-of-this-project')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not valid/i)

    await keyField.fill(KEY)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('navigation', { name: 'Main' }).waitFor()
    expect(await page.getByLabel('API key').count()).toBe(0)
    await dashboard.screenshot('02-signed-in')
  })

  it('shows the overview numbers the API returns for the same window', async () => {
    await dashboard.open(`/?${query()}`)
    const summary = await dashboard.api('/api/v1/metrics/summary', timeWindow)
    const expected = expectedStats(summary)
    await expect.poll(() => statValue('calls').textContent(), { timeout: 15_000 }).toBe(expected.calls)
    expect(await shownStats(Object.keys(expected))).toEqual(expected)
    await dashboard.screenshot('03-overview')
  })

  it('filters by model: the URL keeps the model and the numbers are the API’s for it', async () => {
    const { page } = dashboard
    await dashboard.open(`/?${query()}`)
    await expect
      .poll(() => statValue('calls').textContent(), { timeout: 15_000 })
      .toBe(formatCount(traffic.calls))
    // The model with the fewest calls, so the number visibly changes.
    const breakdown = await dashboard.api('/api/v1/metrics/breakdown', { ...timeWindow, by: 'model' })
    const rows = [...(breakdown.rows as { value: string; calls: number }[])].sort((a, b) => a.calls - b.calls)
    const model = rows[0]?.value
    if (!model) throw new Error('the breakdown by model is empty')

    await setControl(labelled(page, 'Model'), [model], { submit: true })
    await expect.poll(() => new URL(page.url()).searchParams.get('model')).toBe(model)
    const filtered = await dashboard.api('/api/v1/metrics/summary', { ...timeWindow, model })
    expect(filtered.calls).toBeLessThan(traffic.calls)
    await expect
      .poll(() => statValue('calls').textContent(), { timeout: 15_000 })
      .toBe(formatCount(filtered.calls))
    expect(await shownStats(['calls', 'errorRate', 'costUsd'])).toEqual({
      calls: formatCount(filtered.calls),
      errorRate: formatPercent(filtered.errorRate),
      costUsd: formatUsd(filtered.costUsd),
    })
    await dashboard.screenshot('04-overview-by-model')
  })

  it('opens a call from the calls explorer and shows its trace as a waterfall', async () => {
    const { page } = dashboard
    const { spanId, traceId } = traffic.fallbackServed
    await dashboard.open(`/calls?${query()}`)
    const rows = page.locator('tr[data-testid="call-row"]')
    await rows.first().waitFor()
    await expect.poll(() => rows.count()).toBe(traffic.calls)

    // Searching the captured content narrows the table to the calls the API finds.
    await setControl(labelled(page, 'Search content'), ['invoice'], { submit: true })
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('invoice')
    const found = await dashboard.api('/api/v1/calls', { ...timeWindow, q: 'invoice' })
    expect(found.calls.length).toBe(2) // both attempts of the fallback chain
    await expect.poll(() => rows.count()).toBe(found.calls.length)
    await dashboard.screenshot('05-calls-search')

    await rows.locator(`a[href^="/calls/${spanId}"]`).first().click()
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/calls/${spanId}`)
    const call = await dashboard.api(`/api/v1/calls/${spanId}`)
    await expect.poll(() => page.locator('h1').first().textContent()).toContain(call.model)
    const trace = await dashboard.api(`/api/v1/traces/${traceId}`)
    expect(trace.totals.spans).toBe(3) // the chain, the rate-limited attempt, the attempt that served
    const spans = page.getByTestId('trace-waterfall').getByTestId('span-row')
    await expect.poll(() => spans.count(), { timeout: 15_000 }).toBe(trace.totals.spans)
    await dashboard.screenshot('06-call-trace')
  })

  it('creates a threshold through the alert form that fires after “Evaluate now”', async () => {
    const { page } = dashboard
    await dashboard.open('/alerts')
    await page.getByRole('link', { name: 'New alert' }).click()
    await expect.poll(() => new URL(page.url()).pathname).toBe('/alerts/new')

    await labelled(page, 'Name').fill(ALERT_NAME)
    await setControl(labelled(page, 'Metric'), ['errorRate', 'Error rate'])
    await setControl(labelled(page, 'Comparison'), ['>'])
    await labelled(page, 'Threshold').fill('0')
    const window1h = await setControl(labelled(page, 'Window'), ['1h', '1 h', '1 hour', '60m'])
    await setControl(labelled(page, 'For'), ['0', '0s', '0m', 'none', 'immediately'])
    await dashboard.screenshot('07-alert-form')
    await page.getByRole('button', { name: 'Create alert' }).click()

    // Saved through the API, as entered.
    const ruleNamed = async () =>
      ((await dashboard.api('/api/v1/alerts')).rules as { name: string }[]).find((r) => r.name === ALERT_NAME)
    await expect.poll(ruleNamed).toMatchObject({
      name: ALERT_NAME,
      metric: 'errorRate',
      comparison: '>',
      threshold: 0,
      window: window1h,
    })

    await dashboard.open('/alerts')
    const row = page.locator('tr[data-testid="alert-row"]', { hasText: ALERT_NAME })
    await row.waitFor()
    await page.getByRole('button', { name: 'Evaluate now' }).click()
    // The state badge's text is the state.
    await expect.poll(() => row.getByText('firing', { exact: true }).count(), { timeout: 15_000 }).toBe(1)
    expect(await ruleNamed()).toMatchObject({ status: { state: 'firing' } })
    await dashboard.screenshot('08-alert-firing')

    // Whoever opens the overview sees it too.
    await dashboard.open(`/?${query()}`)
    const banner = page.getByRole('alert').filter({ hasText: /firing/i })
    await expect.poll(() => banner.first().textContent(), { timeout: 15_000 }).toContain(ALERT_NAME)
    await statValue('calls').waitFor()
    await dashboard.screenshot('09-overview-firing-banner')
  })

  it('shows a use case’s readiness: the gate’s verdict and the five areas', async () => {
    const { page } = dashboard
    const useCase = 'reply-draft'
    await dashboard.open('/readiness')
    await setControl(labelled(page, 'Use case'), [useCase], { submit: true })
    const card = await dashboard.api('/api/v1/readiness', { useCase })
    const verdictText = { ready: 'ready', not_ready: 'not ready', insufficient_data: 'insufficient data' }[
      card.verdict as 'ready' | 'not_ready' | 'insufficient_data'
    ]
    const verdict = page.getByTestId('readiness-verdict')
    await expect
      .poll(async () => ((await verdict.count()) ? (await verdict.textContent())?.toLowerCase() : ''), {
        timeout: 15_000,
      })
      .toContain(verdictText)
    for (const area of ['Business value', 'Data', 'Delivery', 'Risk', 'Operations']) {
      expect(await page.getByRole('heading', { name: new RegExp(`^${area}`, 'i') }).count(), area).toBe(1)
    }
    const criteria = (card.areas as { criteria: { status: string }[] }[]).flatMap((area) => area.criteria)
    const rows = page.getByTestId('criterion-row')
    await expect.poll(() => rows.count()).toBe(criteria.length)
    for (const text of await rows.allTextContents()) expect(text).toMatch(/pass|fail|insufficient/i)
    await dashboard.screenshot('10-readiness')
  })
})
