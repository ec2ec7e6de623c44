import { parseArgs } from 'node:util'
import { z } from 'zod'
import { instant } from '../api/instant.js'
import { fieldPath } from '../api/parse-body.js'
import { DEFAULT_PROJECT } from '../auth/api-key-store.js'
import { type CollectorConfig, loadConfig } from '../config.js'
import { PricingService } from '../pricing/pricing-service.js'
import { recomputeCosts } from '../pricing/recompute-costs.js'
import { type ClickHouseStore, openClickHouseStore } from '../storage/clickhouse-store.js'
import { pendingMigrations } from '../storage/migrator.js'

export const recomputeCostsUsage = `  recompute-costs --from <time> --to <time> [--project <id>]
                 re-price the stored calls of one project (default "${DEFAULT_PROJECT}") that
                 started in [from, to) with its current prices (catalog + overrides), and
                 rebuild the per-minute rollup; times are ISO 8601 or epoch milliseconds.
                 Embedded storage: run it only while the collector is stopped (chDB lets one
                 process open a data dir); with a running collector use
                 POST /api/v1/prices/recompute instead`

const argsSchema = z
  .strictObject({
    from: instant,
    to: instant,
    project: z.string().trim().min(1).default(DEFAULT_PROJECT),
  })
  .refine((args) => args.from < args.to, { path: ['from'], message: 'must be before --to' })

/** A wrong invocation: exit 2 with the usage. */
class UsageError extends Error {}

/** `vigil-collector recompute-costs`; resolves to the process exit code. */
export async function runRecomputeCosts(argv: string[]): Promise<number> {
  let range: z.output<typeof argsSchema>
  try {
    range = parseRecomputeArgs(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`${error.message}\n\nUsage:\n${recomputeCostsUsage}\n`)
    return 2
  }
  const config = loadConfig()
  const store = openStore(config)
  if (!store) return 1
  try {
    const pending = await pendingMigrations(store)
    if (pending.length > 0) {
      process.stderr.write(
        `The schema lacks migration(s) ${pending.map((m) => m.version).join(', ')}: run \`vigil-collector migrate\` first.\n`,
      )
      return 1
    }
    const catalog = await new PricingService(store).forProject(range.project)
    const result = await recomputeCosts(store, catalog, {
      projectId: range.project,
      from: range.from,
      to: range.to,
    })
    process.stdout.write(
      `Re-priced ${result.repriced} of ${result.scanned} calls of project "${range.project}" ` +
        `from ${range.from.toISOString()} to ${range.to.toISOString()} ` +
        `(prices ${catalog.version}${catalog.overrideVersion ? ` + overrides ${catalog.overrideVersion}` : ''}).\n` +
        `${JSON.stringify({ ...result, catalogVersion: catalog.version, overrideVersion: catalog.overrideVersion ?? null })}\n`,
    )
    return 0
  } finally {
    await store.close()
  }
}

function parseRecomputeArgs(argv: string[]): z.output<typeof argsSchema> {
  let values: Record<string, string | undefined>
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, to: { type: 'string' }, project: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error })
  }
  const parsed = argsSchema.safeParse(values)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const flag = issue?.path.length ? `--${fieldPath(issue.path)}` : 'arguments'
  throw new UsageError(`Invalid ${flag}: ${issue?.message ?? 'invalid value'}`)
}

/**
 * Opens storage, or says why not. chDB takes a lock on its data dir, so an
 * embedded store cannot be opened while a collector (or another command)
 * holds it; that is the common failure here, and its fix is to stop it.
 */
function openStore(config: CollectorConfig): ClickHouseStore | undefined {
  try {
    return openClickHouseStore(config)
  } catch (error) {
    if (config.clickhouse.url || (error as { code?: unknown }).code !== 'CHDB_CONNECTION') throw error
    process.stderr.write(
      `Cannot open the embedded storage in ${config.dataDir}: it is in use, most likely by a running collector. ` +
        'recompute-costs works on embedded storage only while the collector is stopped: stop it and run this ' +
        'command again, or leave it running and use POST /api/v1/prices/recompute with an admin key.\n',
    )
    return undefined
  }
}
