import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatCount } from '../../packages/dashboard/src/ui/format.js'
import { buildChartBench } from './support/chart-bench.js'
import { artifactsDir, dashboardDist, useDashboard } from './support/dashboard-harness.js'
import { bundleFiles, entryAssets, sum } from './support/first-paint-bundle.js'
import {
  installOverviewMarks,
  type OverviewLoad,
  readChange,
  readOverviewLoad,
} from './support/overview-timing.js'
import { kB, median, ms, PerformanceReport } from './support/performance-report.js'
import { loadSyntheticCalls } from './support/synthetic-calls.js'

/**
 * Issue 8's performance targets, measured in Chromium against a collector on
 * embedded storage holding 30 days of calls (one a minute by default;
 * VIGIL_BROWSER_PERF_CALLS=10000000 for the issue's 10M, which takes minutes
 * to load). The numbers are printed and written to
 * test-artifacts/browser/performance.json; only the bundle budget, which does
 * not depend on the machine, is asserted.
 */

const KEY = 'browser-perf-admin-key-0123456789'
const CALLS = Number(process.env.VIGIL_BROWSER_PERF_CALLS ?? 30 * 24 * 60)
const WARM_RUNS = 5
const REDRAWS = 10
const BUDGET_GZIP_BYTES = 300_000
const dashboard = useDashboard({ name: 'performance', apiKey: KEY })
const report = new PerformanceReport()
let loadSeconds = 0
/** JS files the page had loaded when the overview's numbers showed (cold load). */
let firstPaintScripts: string[] = []

beforeAll(
  async () => {
    const started = performance.now()
    await loadSyntheticCalls(dashboard.collector.store, {
      count: CALLS,
      days: 30,
      endMs: Date.now() - 60_000,
    })
    loadSeconds = (performance.now() - started) / 1000
    const summary = await dashboard.api('/api/v1/metrics/summary', {
      from: new Date(Date.now() - 31 * 86_400_000).toISOString(),
    })
    expect(summary.calls).toBe(CALLS)
    const { context } = dashboard.browser
    // Signed in before the first request, so the first load is a cold one (empty cache, no sign-in page).
    await context.addInitScript(
      `if (location.origin === ${JSON.stringify(dashboard.url)}) localStorage.setItem('vigil.apiKey', ${JSON.stringify(KEY)})`,
    )
    await installOverviewMarks(dashboard.page)
    // Loading runs at some 30,000 calls/s on 2 vCPUs: 10M take minutes.
  },
  300_000 + CALLS / 10,
)

afterAll(() => {
  report.write({
    dataset: `${CALLS.toLocaleString('en')} calls over 30 days, embedded storage (loaded in ${loadSeconds.toFixed(1)} s)`,
    chromium: dashboard.browser.context.browser()?.version() ?? 'unknown',
    viewport: '1366×768, headless, --disable-gpu',
  })
})

function summarize(load: OverviewLoad) {
  const before = (at: number) => load.resources.filter((r) => r.responseEnd <= at)
  const scripts = before(load.marks.numbersAt).filter((r) => r.path.endsWith('.js'))
  const api = before(load.marks.numbersAt).filter((r) => r.path.startsWith('/api/'))
  return {
    numbersShownMs: load.marks.numbersPaintedAt,
    chartsShownMs: load.marks.chartsPaintedAt ?? null,
    charts: load.marks.charts ?? 0,
    numbersText: load.marks.numbersText,
    navigation: load.navigation,
    firstContentfulPaintMs: load.firstContentfulPaint,
    longTasksBeforeNumbers: load.marks.longTasks.filter((t) => t.start < load.marks.numbersAt),
    scripts: scripts.map(({ path, transferSize, encodedBodySize, decodedBodySize, responseEnd }) => ({
      path,
      transferSize,
      encodedBodySize,
      decodedBodySize,
      responseEnd,
    })),
    scriptTransferBytes: scripts.reduce((total, r) => total + r.transferSize, 0),
    scriptEncodedBytes: scripts.reduce((total, r) => total + r.encodedBodySize, 0),
    apiRequests: api.map(({ path, startTime, duration }) => ({ path, startTime, duration })),
  }
}

describe('dashboard performance (measured, not timed)', () => {
  it('measures the overview over 30 days: numbers and charts shown after navigation, cold and warm', async () => {
    const { page } = dashboard
    const url = `${dashboard.url}/?range=30d`
    await page.goto(url)
    const cold = summarize(await readOverviewLoad(page))
    await dashboard.screenshot('perf-overview-30d')
    expect(cold.numbersText).toBe(formatCount(CALLS))
    firstPaintScripts = cold.scripts.map((script) => script.path.split('?')[0] ?? script.path)

    const warm: ReturnType<typeof summarize>[] = []
    for (let run = 0; run < WARM_RUNS; run++) {
      await page.goto(url)
      warm.push(summarize(await readOverviewLoad(page)))
    }
    const warmNumbers = median(warm.map((w) => w.numbersShownMs))
    const warmCharts = median(warm.map((w) => w.chartsShownMs ?? Number.NaN))
    const slowestApi = (load: ReturnType<typeof summarize>) =>
      Math.max(0, ...load.apiRequests.map((request) => request.duration))
    report.add(
      'overview30d',
      { cold, warm, warmMedian: { numbersShownMs: warmNumbers, chartsShownMs: warmCharts } },
      `overview, 30 d window — cold (fresh profile): numbers shown ${ms(cold.numbersShownMs)}, ` +
        `${cold.charts} charts drawn ${ms(cold.chartsShownMs)} after navigation ` +
        `(FCP ${ms(cold.firstContentfulPaintMs)}, DOMContentLoaded ${ms(cold.navigation.domContentLoaded)}; ` +
        `${cold.apiRequests.length} API requests before the numbers, slowest ${ms(slowestApi(cold))})`,
      `overview, 30 d window — warm (median of ${WARM_RUNS} reloads): numbers ${ms(warmNumbers)}, ` +
        `charts ${ms(warmCharts)}; slowest API request ${ms(median(warm.map(slowestApi)))}`,
      `JS loaded before the numbers showed (cold): ${cold.scripts.length} file(s), ` +
        `${kB(cold.scriptTransferBytes)} transferred (${kB(cold.scriptEncodedBytes)} response bodies, gzipped by the collector)`,
    )
  })

  it('keeps the JavaScript for first paint within 300 kB gzipped', () => {
    const { scripts, styles } = entryAssets(dashboardDist)
    const js = bundleFiles(dashboardDist, [...new Set([...scripts, ...firstPaintScripts])])
    const css = bundleFiles(dashboardDist, styles)
    report.add(
      'firstPaintBundle',
      { js, css, jsGzipBytes: sum(js, 'gzipBytes'), budgetGzipBytes: BUDGET_GZIP_BYTES },
      `first-paint JS: ${js.map((f) => f.path).join(', ')} — ${kB(sum(js, 'bytes'))} raw, ` +
        `${kB(sum(js, 'gzipBytes'))} gzipped (budget ${kB(BUDGET_GZIP_BYTES)}); CSS ${kB(sum(css, 'gzipBytes'))} gzipped`,
    )
    expect(js.length).toBeGreaterThan(0)
    expect(sum(js, 'gzipBytes')).toBeLessThanOrEqual(BUDGET_GZIP_BYTES)
  })

  it('measures a range change on the overview: 30 days → 7 days, until the new numbers are painted', async () => {
    const { page } = dashboard
    const changes: number[] = []
    for (const range of ['7d', '30d', '7d']) {
      await page.getByLabel('Time range', { exact: true }).selectOption(range)
      const marks = await readChange(page)
      changes.push((marks.changedPaintedAt ?? Number.NaN) - (marks.changeAt ?? Number.NaN))
    }
    report.add(
      'rangeChange',
      { msFromChangeToNewNumbersPainted: changes },
      `range change on the overview (7 d ⇄ 30 d): new numbers painted ${changes.map(ms).join(', ')} after the change`,
    )
  })

  it('measures TimeChart drawing 30 days at minute resolution (43,200 points per series)', async () => {
    const bench = await buildChartBench()
    const page = await dashboard.browser.context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    try {
      await bench.open(page)
      const results: Record<string, unknown> = {}
      for (const seriesCount of [1, 3]) {
        if (seriesCount > 1) await bench.open(page)
        const mount = await page.evaluate<{ work: number; frame: number }>(
          `chartBench.mount(${30 * 24 * 60}, ${seriesCount})`,
        )
        // Long tasks are counted over the redraws and the resize, not the first draw.
        await page.evaluate('chartBench.clearLongTasks()')
        const redraws: { work: number; frame: number }[] = []
        for (let i = 1; i <= REDRAWS; i++) redraws.push(await page.evaluate(`chartBench.redraw(${i})`))
        const resize = await page.evaluate<{ work: number }>('chartBench.resize(900)')
        const longTasks = await page.evaluate<number[]>('chartBench.longTasks()')
        expect(errors).toEqual([])
        expect(await page.evaluate('chartBench.canvases()')).toBeGreaterThan(0)
        const redrawWork = redraws.map((r) => r.work)
        results[`series${seriesCount}`] = { mount, redraws, resize, longTasks }
        report.add(
          'timeChart',
          results,
          `TimeChart, 43,200 points × ${seriesCount} series: first draw ${ms(mount.work)}, ` +
            `redraw (new data) median ${ms(median(redrawWork))} / max ${ms(Math.max(...redrawWork))}, ` +
            `resize ${ms(resize.work)}; ${longTasks.length} long task(s) > 50 ms while redrawing, longest ${ms(Math.max(0, ...longTasks))} ` +
            `(a frame is 16.7 ms)`,
        )
      }
      await page.screenshot({ path: join(artifactsDir, 'perf-time-chart.png') })
    } finally {
      await page.close()
      bench.close()
    }
  })
})
