import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (dir: string) => fileURLToPath(new URL(`./${dir}/src/index.ts`, import.meta.url))

export default defineConfig({
  resolve: {
    // Tests run against the sources, so a change is tested without a build.
    alias: {
      '@vigil/sdk': src('packages/sdk'),
      '@vigil/collector': src('packages/collector'),
      '@vigil/fake-llm': src('tools/fake-llm'),
    },
  },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'tools/*/src/**/*.test.ts',
      'examples/*/src/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    // chDB allows one data directory per process: every test file that opens
    // a store gets a process of its own.
    pool: 'forks',
    // Every API answer in every test is checked against its declared schema.
    env: { VIGIL_VALIDATE_RESPONSES: 'true' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
