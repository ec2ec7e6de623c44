import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FakeLlmServer, withOpenAiRoutes } from '@vigil/fake-llm'
import { shutdown } from '@vigil/sdk'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, expect } from 'vitest'
import {
  type Json,
  type TestCollector,
  useTestCollector,
} from '../../../packages/collector/src/testing/test-collector.js'
import { type ChromiumSession, launchChromium } from './chromium.js'

/** The built dashboard, as the collector serves it after `pnpm run build` (VIGIL_DASHBOARD_DIST: another build). */
export const dashboardDist =
  process.env.VIGIL_DASHBOARD_DIST ??
  fileURLToPath(new URL('../../../packages/dashboard/dist', import.meta.url))
/** Screenshots and measurements, kept by CI as test artifacts. */
export const artifactsDir = fileURLToPath(new URL('../../../test-artifacts/browser', import.meta.url))

export interface DashboardHarness {
  readonly collector: TestCollector
  readonly llm: FakeLlmServer
  readonly page: Page
  readonly browser: ChromiumSession
  /** The collector's base URL, where the dashboard is served. */
  readonly url: string
  /** The key the tests sign in with (admin of the default project). */
  readonly apiKey: string
  /** A GET on the public API with the same key, expecting 200. */
  api(path: string, query?: Record<string, string | number | undefined>): Promise<Json>
  /** Opens a dashboard path; signs in (without the form) when the sign-in screen shows. */
  open(path: string): Promise<void>
  /** Saves a full-page PNG as `test-artifacts/browser/<name>.png`. */
  screenshot(name: string): Promise<void>
  /** Errors the page threw or logged so far (printed when a test fails). */
  readonly pageErrors: string[]
}

/**
 * What every browser test file needs, started before its tests and stopped
 * after them: a real collector on embedded storage serving the built
 * dashboard, the fake LLM for the app's OpenAI client, and Chromium with a
 * fresh profile. A failed test leaves a screenshot of where it stopped.
 */
export function useDashboard(options: { name: string; apiKey: string }): DashboardHarness {
  const { apiKey } = options
  if (!existsSync(`${dashboardDist}/index.html`))
    throw new Error(
      `The dashboard is not built (${dashboardDist}): run \`npx pnpm@10.34.8 run test:browser\`, which builds it first`,
    )
  const collector = useTestCollector({
    name: `browser-${options.name}`,
    apiKey,
    dashboardDir: dashboardDist,
    writer: { lingerMs: 10 },
  })
  let llm: FakeLlmServer | undefined
  let browser: ChromiumSession | undefined
  const pageErrors: string[] = []
  const session = () => {
    if (!browser) throw new Error('The browser is not running: use the harness inside tests or hooks')
    return browser
  }

  beforeAll(async () => {
    mkdirSync(artifactsDir, { recursive: true })
    // A failure screenshot from an earlier run would read as this run's.
    for (const file of readdirSync(artifactsDir))
      if (file.startsWith(`failed-${options.name}-`)) rmSync(join(artifactsDir, file))
    llm = withOpenAiRoutes(new FakeLlmServer())
    await llm.listen()
    browser = await launchChromium()
    // Fail a missing element in 20 s rather than 30: a page that works answers in well under a second.
    browser.page.setDefaultTimeout(20_000)
    browser.page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`))
    browser.page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`)
    })
  })

  afterAll(async () => {
    await shutdown()
    await browser?.close()
    await llm?.close()
  })

  const harness: DashboardHarness = {
    collector,
    get llm() {
      if (!llm) throw new Error('The fake LLM is not running: use the harness inside tests or hooks')
      return llm
    },
    get page() {
      return session().page
    },
    get browser() {
      return session()
    },
    get url() {
      return collector.url
    },
    apiKey,
    pageErrors,
    async api(path, query = {}) {
      const search = new URLSearchParams()
      for (const [name, value] of Object.entries(query))
        if (value !== undefined) search.set(name, String(value))
      const { status, body } = await collector.get(`${path}${search.size ? `?${search}` : ''}`, apiKey)
      expect(status, `${path}: ${JSON.stringify(body)}`).toBe(200)
      return body
    },
    async open(path) {
      const { page } = session()
      await page.goto(`${collector.url}${path}`)
      const nav = page.getByRole('navigation', { name: 'Main' })
      const keyField = page.getByLabel('API key')
      await nav.or(keyField).first().waitFor()
      if (await keyField.isVisible()) {
        await page.evaluate(`localStorage.setItem('vigil.apiKey', ${JSON.stringify(apiKey)})`)
        await page.reload()
        await nav.waitFor()
      }
    },
    async screenshot(name) {
      await session().page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true })
    },
  }

  beforeEach(({ task, onTestFailed }) => {
    const seen = pageErrors.length
    onTestFailed(async () => {
      const slug = task.name
        .replace(/[^a-z0-9]+/gi, '-')
        .toLowerCase()
        .slice(0, 60)
      await harness.screenshot(`failed-${options.name}-${slug}`).catch(() => {})
      const errors = pageErrors.slice(seen)
      if (errors.length > 0) console.warn(`Browser errors during "${task.name}":\n${errors.join('\n')}`)
    })
  })

  return harness
}
