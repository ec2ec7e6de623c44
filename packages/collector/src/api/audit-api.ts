import type { FastifyPluginAsync } from 'fastify'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'

/** `GET /api/v1/audit` (being built). */
const auditApi: FastifyPluginAsync<{ store: ClickHouseStore }> = async () => {}

export default auditApi
