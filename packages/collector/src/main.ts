#!/usr/bin/env node
import { runAdminCommand } from './cli/admin-commands.js'
import { startCollector } from './collector.js'
import { ConfigError } from './errors.js'

/** Process entry: start, print where to send data, stop cleanly on Ctrl-C. */
async function main(): Promise<void> {
  const collector = await startCollector()
  const lines = [
    '',
    `Vigil collector listening on ${collector.url} (storage: ${collector.engine === 'embedded' ? `embedded ClickHouse in ${process.env.VIGIL_DATA_DIR ?? './.vigil'}` : 'ClickHouse server'})`,
    `  OTLP/HTTP:  ${collector.url}/v1/traces`,
    `  API:        ${collector.url}/api/v1/metrics/summary`,
    `  Dashboard:  ${collector.url}/`,
  ]
  if (collector.createdKey) {
    lines.push(
      '',
      `  API key (shown once, store it now): ${collector.createdKey}`,
      '  Send it as "Authorization: Bearer <key>"; only its hash is kept.',
    )
  } else if (!process.env.VIGIL_API_KEY) {
    lines.push(
      '',
      '  Using the API key created at the first start. Lost it? Restart with VIGIL_API_KEY=<new key>.',
    )
  }
  // Handlers first, banner last: whoever waits for the banner may signal at once.
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) process.exit(130) // a second Ctrl-C forces the exit
    stopping = true
    process.stdout.write(`\n${signal}: writing queued data and stopping…\n`)
    collector.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Vigil collector did not stop cleanly:', error)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.stdout.write(`${lines.join('\n')}\n\n`)
}

const [command, ...args] = process.argv.slice(2)
const run = command === undefined ? main() : runAdminCommand(command, args).then((code) => process.exit(code))

run.catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`Vigil collector cannot start: ${error.message}`)
  else console.error('Vigil collector failed to start:', error)
  process.exit(1)
})
