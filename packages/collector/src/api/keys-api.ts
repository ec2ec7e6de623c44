import type { FastifyPluginAsync } from 'fastify'
import type { ApiKeyStore } from '../auth/api-key-store.js'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'

/** `/api/v1/keys` and `/api/v1/projects` (being built). */
const keysApi: FastifyPluginAsync<{ store: ClickHouseStore; keys: ApiKeyStore }> = async () => {}

export default keysApi
