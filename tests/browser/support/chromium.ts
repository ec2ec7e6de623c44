import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'

/**
 * Debian's Chromium (`apt-get install chromium`), driven by playwright-core:
 * `npx playwright install` cannot download browsers here, so the tests use
 * the system one. VIGIL_CHROMIUM points elsewhere.
 */
export const chromiumPath = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium'

const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface ChromiumSession {
  context: BrowserContext
  page: Page
  /** Closes the browser and removes its profile. */
  close(): Promise<void>
}

/** A browser with a fresh profile (nothing cached, nothing stored), sized as a 1366×768 laptop screen. */
export async function launchChromium(): Promise<ChromiumSession> {
  const profile = mkdtempSync(join(tmpdir(), 'vigil-chromium-'))
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      args,
      headless: true,
      viewport: { width: 1366, height: 768 },
      locale: 'en-US',
      timezoneId: 'UTC',
    })
    const page = context.pages()[0] ?? (await context.newPage())
    return {
      context,
      page,
      close: async () => {
        await context.close()
        rmSync(profile, { recursive: true, force: true })
      },
    }
  } catch (error) {
    rmSync(profile, { recursive: true, force: true })
    throw new Error(
      `Could not start Chromium at ${chromiumPath} (install it with \`apt-get install chromium\`, or set VIGIL_CHROMIUM)`,
      { cause: error },
    )
  }
}
