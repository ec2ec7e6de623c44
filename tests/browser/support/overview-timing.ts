import type { Page } from 'playwright-core'

/**
 * In-page marks for the overview, installed before the app's scripts run:
 * when the calls number first shows (and the frame that paints it), when
 * every chart has its canvas, long tasks, and, after a control changes, when
 * the calls number changes. Times are `performance.now()`: ms since the
 * navigation started.
 */
const marksScript = `(() => {
  const marks = { longTasks: [] }
  window.__vigilMarks = marks
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) marks.longTasks.push({ start: e.startTime, duration: e.duration })
    }).observe({ type: 'longtask', buffered: true })
  } catch {}
  const check = () => {
    const value = document.querySelector('[data-testid="stat-calls"] [data-testid="stat-value"]')
    const text = value ? (value.textContent || '').trim() : ''
    if (marks.numbersAt === undefined && /\\d/.test(text)) {
      marks.numbersAt = performance.now()
      marks.numbersText = text
      requestAnimationFrame(() => { marks.numbersPaintedAt = performance.now() })
    }
    const charts = [...document.querySelectorAll('.chart')]
    if (marks.chartsAt === undefined && charts.length > 0 && charts.every((c) => c.querySelector('canvas'))) {
      marks.chartsAt = performance.now()
      marks.charts = charts.length
      requestAnimationFrame(() => { marks.chartsPaintedAt = performance.now() })
    }
    if (marks.changeAt !== undefined && marks.changedAt === undefined && /\\d/.test(text) && text !== marks.textAtChange) {
      marks.changedAt = performance.now()
      marks.changedText = text
      requestAnimationFrame(() => { marks.changedPaintedAt = performance.now() })
    }
    marks.text = text
  }
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true })
  document.addEventListener('change', () => {
    marks.changeAt = performance.now()
    marks.textAtChange = marks.text
    marks.changedAt = undefined
    marks.changedPaintedAt = undefined
  }, true)
})()`

export interface OverviewMarks {
  numbersAt: number
  numbersPaintedAt: number
  numbersText: string
  chartsAt?: number
  chartsPaintedAt?: number
  charts?: number
  changeAt?: number
  changedAt?: number
  changedPaintedAt?: number
  changedText?: string
  longTasks: { start: number; duration: number }[]
}

export interface LoadedResource {
  path: string
  initiatorType: string
  startTime: number
  responseEnd: number
  duration: number
  transferSize: number
  encodedBodySize: number
  decodedBodySize: number
}

export interface OverviewLoad {
  marks: OverviewMarks
  navigation: { responseEnd: number; domContentLoaded: number; load: number }
  firstContentfulPaint: number | null
  resources: LoadedResource[]
}

export async function installOverviewMarks(page: Page): Promise<void> {
  await page.addInitScript(marksScript)
}

/** Waits for the overview's numbers and charts to be painted, then reads the marks and timings. */
export async function readOverviewLoad(page: Page): Promise<OverviewLoad> {
  await page.waitForFunction(
    'window.__vigilMarks && window.__vigilMarks.numbersPaintedAt !== undefined && window.__vigilMarks.chartsPaintedAt !== undefined',
    undefined,
    { timeout: 60_000 },
  )
  return page.evaluate<OverviewLoad>(`(() => {
    const nav = performance.getEntriesByType('navigation')[0]
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]
    return {
      marks: window.__vigilMarks,
      navigation: { responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd },
      firstContentfulPaint: fcp ? fcp.startTime : null,
      resources: performance.getEntriesByType('resource').map((r) => ({
        path: new URL(r.name).pathname + new URL(r.name).search,
        initiatorType: r.initiatorType,
        startTime: r.startTime,
        responseEnd: r.responseEnd,
        duration: r.duration,
        transferSize: r.transferSize,
        encodedBodySize: r.encodedBodySize,
        decodedBodySize: r.decodedBodySize,
      })),
    }
  })()`)
}

/** Waits until the calls number changed after the last change of a control, and reads the marks. */
export async function readChange(page: Page): Promise<OverviewMarks> {
  await page.waitForFunction(
    'window.__vigilMarks && window.__vigilMarks.changedPaintedAt !== undefined',
    undefined,
    { timeout: 60_000 },
  )
  return page.evaluate<OverviewMarks>('window.__vigilMarks')
}
