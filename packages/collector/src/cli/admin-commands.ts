import { loadConfig } from '../config.js'
import { openClickHouseStore } from '../storage/clickhouse-store.js'
import { schemaStatements } from '../storage/migrations/index.js'
import { migrate } from '../storage/migrator.js'
import { runGate } from './gate-command.js'
import { recomputeCostsUsage, runRecomputeCosts } from './recompute-costs-command.js'

export const usage = `Usage: vigil-collector [command]

  (no command)   start the collector (settings from VIGIL_* variables)
  migrate        apply pending schema migrations and exit; for deployments where
                 collectors run with VIGIL_MIGRATE=off
  schema         print the DDL of the whole schema for the configured database and
                 cluster (VIGIL_CLICKHOUSE_DATABASE, VIGIL_CLICKHOUSE_CLUSTER) without
                 connecting; --cluster <name> overrides the cluster
${recomputeCostsUsage}
  gate           the readiness verdict of a use case as an exit code, for CI/CD
                 (\`gate --help\` for its options; also installed as \`vigil gate\`)
  help           show this text
`

/** Commands besides starting the collector; resolves to the process exit code. */
export async function runAdminCommand(command: string, args: string[]): Promise<number> {
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(usage)
    return 0
  }
  if (command === 'schema') {
    const config = loadConfig()
    const flag = args.indexOf('--cluster')
    const cluster = flag >= 0 ? args[flag + 1] : config.clickhouse.cluster
    const statements = schemaStatements({ database: config.clickhouse.database, cluster })
    process.stdout.write(`${statements.join(';\n\n')};\n`)
    return 0
  }
  if (command === 'recompute-costs') return runRecomputeCosts(args)
  if (command === 'gate') return runGate(args)
  if (command === 'migrate') {
    const config = loadConfig()
    const store = openClickHouseStore(config)
    try {
      const ran = await migrate(store)
      process.stdout.write(
        ran.length === 0 ? 'Schema already up to date.\n' : `Applied migrations ${ran.join(', ')}.\n`,
      )
      return 0
    } finally {
      await store.close()
    }
  }
  process.stderr.write(`Unknown command "${command}".\n\n${usage}`)
  return 2
}
