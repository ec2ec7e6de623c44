import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Checks the BUILT package (the test command builds first), as an app installs it:
// a bare `@vigil/sdk` specifier resolved through package.json "exports".
const sdkDir = fileURLToPath(new URL('../packages/sdk', import.meta.url))
let appDir: string

beforeAll(() => {
  appDir = mkdtempSync(join(tmpdir(), 'vigil-sdk-app-'))
  mkdirSync(join(appDir, 'node_modules', '@vigil'), { recursive: true })
  symlinkSync(sdkDir, join(appDir, 'node_modules', '@vigil', 'sdk'), 'dir')
})

afterAll(() => rmSync(appDir, { recursive: true, force: true }))

function run(file: string, source: string): string {
  writeFileSync(join(appDir, file), source)
  return execFileSync(process.execPath, [join(appDir, file)], { cwd: appDir, encoding: 'utf8' }).trim()
}

const providerSdkLoaded = (paths: string) =>
  `${paths}.some((p) => /node_modules[\\\\/](openai|@anthropic-ai)[\\\\/]/.test(p))`

describe('@vigil/sdk package', () => {
  it('loads with require() from CommonJS, without loading any provider SDK', () => {
    const out = run(
      'app.cjs',
      `const sdk = require('@vigil/sdk')
       console.log(JSON.stringify({ init: typeof sdk.init, observe: typeof sdk.observe,
         providers: ${providerSdkLoaded('Object.keys(require.cache)')} }))`,
    )
    expect(JSON.parse(out)).toEqual({ init: 'function', observe: 'function', providers: false })
  })

  it('loads with import from ES modules and runs a call before init', () => {
    const out = run(
      'app.mjs',
      `import { observe, getStats } from '@vigil/sdk'
       const result = await observe({ provider: 'openai', model: 'gpt-4o' }, async () => 42)
       console.log(JSON.stringify({ result, stats: typeof getStats() }))`,
    )
    expect(JSON.parse(out.split('\n').at(-1) ?? '')).toEqual({ result: 42, stats: 'object' })
  })
})
