import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Page } from 'playwright-core'

const dashboardRoot = fileURLToPath(new URL('../../../packages/dashboard', import.meta.url))
const ENTRY = 'virtual:chart-bench'

/**
 * The page side of the chart measurement: the dashboard's own TimeChart
 * (uPlot) rendered by React with a generated series, timed in the page.
 * "Work" is the script time until the task and its microtasks are done
 * (uPlot draws in a microtask after setData); "frame" adds the wait for
 * the next animation frame, i.e. until the browser can paint.
 */
const entrySource = `
import { createElement } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { TimeChart } from '/src/ui/TimeChart.tsx'
import '/src/styles.css'

const afterTask = () => new Promise((resolve) => {
  const channel = new MessageChannel()
  channel.port1.onmessage = () => resolve()
  channel.port2.postMessage(0)
})
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()))
const longTasks = []
new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)))
  .observe({ type: 'longtask' })

let root
let props

function data(points, seriesCount, seed) {
  const step = 60_000
  const start = Date.now() - points * step
  const x = new Array(points)
  const series = []
  for (let i = 0; i < points; i++) x[i] = start + i * step
  for (let s = 0; s < seriesCount; s++) {
    const values = new Array(points)
    for (let i = 0; i < points; i++)
      values[i] = 200 * (s + 1) + 120 * Math.sin((i + seed * 97) / (180 + s * 40)) + ((i * 7919 + seed) % 61)
    series.push({ label: 'p' + [50, 95, 99][s % 3], values })
  }
  return { x, series }
}

async function timed(render) {
  const started = performance.now()
  flushSync(render)
  await afterTask()
  const work = performance.now() - started
  await nextFrame()
  return { work, frame: performance.now() - started }
}

window.chartBench = {
  async mount(points, seriesCount) {
    const element = document.getElementById('chart')
    root = createRoot(element)
    props = { ...data(points, seriesCount, 0), label: 'Latency', format: (v) => v === null ? '–' : Math.round(v) + ' ms' }
    return timed(() => root.render(createElement(TimeChart, props)))
  },
  async redraw(seed) {
    props = { ...props, ...data(props.x.length, props.series.length, seed) }
    return timed(() => root.render(createElement(TimeChart, props)))
  },
  async resize(width) {
    const element = document.getElementById('chart')
    const started = performance.now()
    element.style.width = width + 'px'
    // The ResizeObserver calls setSize before the next paint.
    await nextFrame()
    await afterTask()
    return { work: performance.now() - started, frame: performance.now() - started }
  },
  longTasks: () => longTasks.slice(),
  clearLongTasks: () => { longTasks.length = 0 },
  canvases: () => document.querySelectorAll('#chart canvas').length,
}
`

interface ViteModule {
  build(config: Record<string, unknown>): Promise<unknown>
}

/** Vite is the dashboard's dependency, not the root's: load it from there. */
async function loadVite(): Promise<ViteModule> {
  const require = createRequire(join(dashboardRoot, 'package.json'))
  const vitePackage = require.resolve('vite/package.json')
  return (await import(pathToFileURL(join(dirname(vitePackage), 'dist/node/index.js')).href)) as ViteModule
}

export interface ChartBench {
  /** Opens a blank page holding the bench bundle. */
  open(page: Page): Promise<void>
  close(): void
}

/** Builds the chart bench (TimeChart from the dashboard sources, one IIFE and one CSS file) into a temp dir. */
export async function buildChartBench(): Promise<ChartBench> {
  const outDir = mkdtempSync(join(tmpdir(), 'vigil-chart-bench-'))
  const vite = await loadVite()
  await vite.build({
    root: dashboardRoot,
    configFile: false,
    // Production React and JSX, whatever NODE_ENV the test runner set (vitest sets `test`).
    mode: 'production',
    logLevel: 'warn',
    esbuild: { jsx: 'automatic', jsxDev: false },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    plugins: [
      {
        name: 'chart-bench-entry',
        resolveId: (id: string) => (id === ENTRY ? `\0${ENTRY}` : undefined),
        load: (id: string) => (id === `\0${ENTRY}` ? entrySource : undefined),
      },
    ],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      cssCodeSplit: false,
      rollupOptions: {
        input: ENTRY,
        output: { format: 'iife', entryFileNames: 'chart-bench.js', assetFileNames: '[name][extname]' },
      },
    },
  })
  const css = readdirSync(outDir).filter((name) => name.endsWith('.css'))
  return {
    async open(page) {
      await page.setContent(
        '<!doctype html><html><body><div id="chart" style="width: 1200px"></div></body></html>',
      )
      for (const name of css) await page.addStyleTag({ path: join(outDir, name) })
      await page.addScriptTag({ path: join(outDir, 'chart-bench.js') })
    },
    close: () => rmSync(outDir, { recursive: true, force: true }),
  }
}
