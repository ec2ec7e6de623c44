import type { FastifyPluginAsync } from 'fastify'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'

/** `GET /api/v1/calls`, `/api/v1/calls/:spanId`, `/api/v1/traces/:traceId` (being built). */
const callsApi: FastifyPluginAsync<{ store: ClickHouseStore }> = async () => {}

export default callsApi
