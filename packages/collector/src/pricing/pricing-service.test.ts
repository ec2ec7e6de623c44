import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.js'
import { type ClickHouseStore, openClickHouseStore } from '../storage/clickhouse-store.js'
import { migrate } from '../storage/migrator.js'
import type { TokenUsage } from './model-price.js'
import { PriceCatalog } from './price-catalog.js'
import { PricingService } from './pricing-service.js'

let store: ClickHouseStore
let dataDir: string

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-pricing-'))
  store = openClickHouseStore(loadConfig({ dataDir }, {}))
  await migrate(store)
})

afterAll(async () => {
  await store?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const million: TokenUsage = {
  inputTokens: 1_000_000,
  outputTokens: 1_000_000,
  cacheReadTokens: null,
  cacheCreationTokens: null,
  reasoningTokens: null,
}

const base = new PriceCatalog({ 'gpt-4o': { provider: 'openai', input: 2.5, output: 10 } }, 'base-1')

describe('PricingService', () => {
  it('prices a project without overrides with the base catalog', async () => {
    const pricing = new PricingService(store, { catalog: base })
    const catalog = await pricing.forProject('fresh')
    expect(catalog).toBe(base)
    expect(catalog.price('gpt-4o', million)).toEqual({ costUsd: 12.5, basis: 'catalog:base-1' })
  })

  it("applies a project's overrides to that project only", async () => {
    const pricing = new PricingService(store, { catalog: base })
    const { overrides } = await pricing.replaceOverrides(
      'iso-a',
      { 'gpt-4o': { input: 2, output: 8 }, 'acme-llm': { input: 1, output: 3 } },
      'key-a',
    )
    const a = await pricing.forProject('iso-a')
    const b = await pricing.forProject('iso-b')
    // 1M × 2 + 1M × 8 = $10 for project a; b keeps 1M × 2.5 + 1M × 10 = $12.50.
    expect(a.price('gpt-4o-2024-08-06', million)).toEqual({
      costUsd: 10,
      basis: `override:${overrides.version}`,
    })
    expect(b.price('gpt-4o-2024-08-06', million)).toEqual({ costUsd: 12.5, basis: 'catalog:base-1' })
    expect(a.price('acme-llm', million).costUsd).toBe(4)
    expect(b.price('acme-llm', million)).toEqual({ costUsd: null, basis: 'unknown' })
  })

  it('stores the set, so a restarted collector prices with it too', async () => {
    const restarted = new PricingService(store, { catalog: base })
    const overrides = await restarted.overrides('iso-a')
    expect(overrides).toMatchObject({
      projectId: 'iso-a',
      updatedBy: 'key-a',
      models: { 'gpt-4o': { input: 2, output: 8 }, 'acme-llm': { input: 1, output: 3 } },
    })
    expect(overrides?.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  })

  it('gives every save a higher version, even within one millisecond', async () => {
    const pricing = new PricingService(store, { catalog: base })
    const first = await pricing.replaceOverrides('versions', { m: { input: 1, output: 1 } }, 'k')
    const second = await pricing.replaceOverrides('versions', { m: { input: 2, output: 2 } }, 'k')
    const third = await pricing.replaceOverrides('versions', {}, 'k')
    expect(BigInt(second.overrides.version)).toBeGreaterThan(BigInt(first.overrides.version))
    expect(BigInt(third.overrides.version)).toBeGreaterThan(BigInt(second.overrides.version))
    // An empty set clears the overrides: the model is unknown again.
    expect((await pricing.forProject('versions')).find('m')).toBeUndefined()
  })

  it("sees another collector's change once its cache expires, and its own at once", async () => {
    let now = 1_000_000
    const here = new PricingService(store, { catalog: base, ttlMs: 5_000, now: () => now })
    const elsewhere = new PricingService(store, { catalog: base })
    expect((await here.forProject('ttl')).find('acme-llm')).toBeUndefined()

    await elsewhere.replaceOverrides('ttl', { 'acme-llm': { input: 1, output: 1 } }, 'k')
    now += 4_000
    expect((await here.forProject('ttl')).find('acme-llm')).toBeUndefined() // still cached
    now += 1_001
    expect((await here.forProject('ttl')).find('acme-llm')?.input).toBe(1)

    await here.replaceOverrides('ttl', { 'acme-llm': { input: 7, output: 7 } }, 'k')
    expect((await here.forProject('ttl')).find('acme-llm')?.input).toBe(7) // no wait for its own PUT
  })

  it('keeps pricing with the last rates when storage fails, and refuses a project it never read', async () => {
    let now = 0
    const pricing = new PricingService(store, { catalog: base, ttlMs: 1, now: () => now })
    const before = await pricing.forProject('iso-a')
    await store.close() // last test: storage goes away
    now += 10
    expect(await pricing.forProject('iso-a')).toBe(before)
    await expect(pricing.forProject('never-read')).rejects.toMatchObject({
      code: 'VIGIL_ERR_STORAGE_UNAVAILABLE',
      statusCode: 503,
    })
  })
})
