import { ApiKeyStore, type Scope } from '../auth/api-key-store.js'
import { type RunningCollector, startCollector } from '../collector.js'
import type { CollectorOptions } from '../config.js'

export interface TestKey {
  key: string
  projectId: string
  scopes: Scope[]
}

/**
 * Starts a collector that accepts `keys` besides its own. Keys are loaded at
 * start, so they are created through a first start that is closed again:
 * chDB allows one store per process.
 */
export async function startCollectorWithKeys(
  options: CollectorOptions,
  keys: TestKey[],
): Promise<RunningCollector> {
  const first = await startCollector(options)
  try {
    const store = new ApiKeyStore(first.store)
    for (const { key, projectId, scopes } of keys) {
      await store.create(key, { projectId, name: `${projectId}-${scopes.join('-')}`, scopes })
    }
  } finally {
    await first.close()
  }
  return startCollector(options)
}
