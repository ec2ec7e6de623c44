import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (dir: string) => fileURLToPath(new URL(`./${dir}/src/index.ts`, import.meta.url))

/**
 * The dashboard's end-to-end tests in Chromium (`pnpm run test:browser`,
 * which builds the dashboard first). Apart from `vitest.config.ts`: they need
 * a browser and the built dashboard, and they take minutes, not seconds.
 */
export default defineConfig({
  resolve: {
    alias: {
      '@vigil/sdk': src('packages/sdk'),
      '@vigil/collector': src('packages/collector'),
      '@vigil/fake-llm': src('tools/fake-llm'),
    },
  },
  test: {
    include: ['tests/browser/**/*.e2e.ts'],
    // chDB allows one data directory per process: each file gets a process of its own.
    pool: 'forks',
    // One file at a time: the performance file measures, and a second browser beside it would skew that.
    fileParallelism: false,
    env: { VIGIL_VALIDATE_RESPONSES: 'true' },
    testTimeout: 120_000,
    hookTimeout: 300_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-artifacts/vitest-browser.json' },
  },
})
