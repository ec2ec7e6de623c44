import { parseArgs } from 'node:util'
import { readinessWindow } from '../readiness/readiness-criteria.js'
import {
  type ReadinessScorecard,
  type ReadinessVerdict,
  type ScopeDimension,
  scopeDimensions,
} from '../readiness/scorecard-schema.js'
import { type ComparisonAnswer, comparisonText, scorecardText } from './scorecard-text.js'

/**
 * `vigil gate`: the readiness verdict of a use case as an exit code, for a
 * CI/CD step before promoting a model, a prompt version or a rollout stage.
 * It asks a running collector over HTTP (GET /api/v1/readiness), so it needs
 * nothing but a URL and a key with the read scope.
 */

export const GATE_EXIT = {
  ready: 0,
  notReady: 1,
  usage: 2,
  insufficientData: 3,
  noScorecard: 4,
} as const

const DEFAULT_ENDPOINT = 'http://127.0.0.1:4318'
/** A scorecard over a long window reads raw rows for its signals; far above that, the collector is stuck. */
const TIMEOUT_MS = 120_000

export const gateUsage = `Usage: vigil gate --use-case <name> [options]

Judges whether a use case is ready for production by its readiness criteria
(GET /api/v1/readiness on a running collector) and prints the scorecard.

  --use-case <name>         the use case (vigil.use_case); required
  --window <duration>       measure over this window ending now, e.g. 24h, 7d, 30d
                            (default: the criteria's window, 7d unless declared)
  --prompt-version <v>, --model <m>, --environment <e>
                            judge only the calls with this value
  --compare <dim>=<a>,<b>   judge each value side by side (2 to 5 values); <dim> is one of
                            ${scopeDimensions.join(', ')}. The exit code is the
                            verdict of the last value: put the candidate last
  --endpoint <url>          the collector (default: VIGIL_ENDPOINT, else ${DEFAULT_ENDPOINT})
  --key <key>               API key with the read scope (default: VIGIL_API_KEY); prefer the
                            variable in CI, where command lines end up in logs
  --json                    print the API's answer as JSON instead of the scorecard
  -h, --help                show this text

Exit codes:
  0  ready: every criterion passes
  1  not ready: at least one criterion fails
  2  bad usage: unknown or missing flag, bad value (nothing was asked)
  3  insufficient data: nothing fails, but some criterion could not be judged
     (fewer calls than its minCalls, or no value)
  4  no scorecard: the collector could not be reached, or refused the request
     (key, unknown use case…); the message says which
`

export interface GateIo {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
  env: Record<string, string | undefined>
}

interface GateRequest {
  url: URL
  key: string
  json: boolean
  compare: boolean
}

/** A wrong invocation: nothing is asked, exit 2. */
class UsageError extends Error {}

/** `vigil gate`; resolves to the process exit code (see {@link GATE_EXIT}), never rejects. */
export async function runGate(
  args: string[],
  io: GateIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  let request: GateRequest | 'help'
  try {
    request = parseGateArgs(args, io.env)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.stderr.write(`${error.message}\n\n${gateUsage}`)
    return GATE_EXIT.usage
  }
  if (request === 'help') {
    io.stdout.write(gateUsage)
    return GATE_EXIT.ready
  }
  let response: Response
  try {
    response = await fetch(request.url, {
      headers: { authorization: `Bearer ${request.key}`, accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message
    io.stderr.write(
      `Cannot reach the collector at ${request.url.origin} (${cause}): check --endpoint or VIGIL_ENDPOINT, ` +
        'and that the collector is running.\n',
    )
    return GATE_EXIT.noScorecard
  }
  const body = await response.json().catch(() => undefined)
  if (!response.ok) {
    io.stderr.write(`${refusal(response.status, body, request.url)}\n`)
    return GATE_EXIT.noScorecard
  }
  const shaped = request.compare
    ? Array.isArray((body as ComparisonAnswer | undefined)?.variants)
    : typeof (body as ReadinessScorecard | undefined)?.verdict === 'string'
  if (!shaped) {
    io.stderr.write(
      `The collector at ${request.url.origin} answered ${response.status} without a scorecard: is it a Vigil collector?\n`,
    )
    return GATE_EXIT.noScorecard
  }
  if (request.json) io.stdout.write(`${JSON.stringify(body, null, 2)}\n`)
  if (request.compare) {
    const answer = body as ComparisonAnswer
    if (!request.json) io.stdout.write(comparisonText(answer))
    return exitCode(answer.variants.at(-1)?.scorecard.verdict ?? 'insufficient_data')
  }
  const card = body as ReadinessScorecard
  if (!request.json) io.stdout.write(scorecardText(card))
  return exitCode(card.verdict)
}

function exitCode(verdict: ReadinessVerdict): number {
  return verdict === 'ready'
    ? GATE_EXIT.ready
    : verdict === 'not_ready'
      ? GATE_EXIT.notReady
      : GATE_EXIT.insufficientData
}

/** What the collector said, and what to do about the usual causes. */
function refusal(status: number, body: unknown, url: URL): string {
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error
  const said = error ? `${error.code}: ${error.message}` : `HTTP ${status}`
  const hint =
    status === 401
      ? ' Check the key (--key or VIGIL_API_KEY).'
      : status === 403
        ? ' The key needs the read scope.'
        : status === 404 && !error?.code?.endsWith('UNKNOWN_USE_CASE')
          ? ` Is ${url.origin} a Vigil collector of a version with readiness?`
          : ''
  return `The collector at ${url.origin} answered ${status} (${said}).${hint}`
}

function parseGateArgs(args: string[], env: GateIo['env']): GateRequest | 'help' {
  let values: Record<string, string | boolean | undefined>
  try {
    ;({ values } = parseArgs({
      args,
      options: {
        'use-case': { type: 'string' },
        window: { type: 'string' },
        'prompt-version': { type: 'string' },
        model: { type: 'string' },
        environment: { type: 'string' },
        compare: { type: 'string' },
        endpoint: { type: 'string' },
        key: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error })
  }
  if (values.help) return 'help'
  const text = (name: string) => {
    const value = values[name]
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
  }
  const useCase = text('use-case')
  if (!useCase) throw new UsageError('Missing --use-case: which use case to judge')
  const query = new URLSearchParams({ useCase })
  const window = text('window')
  if (window !== undefined) {
    const parsed = readinessWindow.safeParse(window)
    if (!parsed.success) throw new UsageError(`Invalid --window: ${parsed.error.issues[0]?.message}`)
    query.set('window', window)
  }
  const filters: [string, ScopeDimension][] = [
    ['prompt-version', 'promptVersion'],
    ['model', 'model'],
    ['environment', 'environment'],
  ]
  for (const [flag, name] of filters) {
    const value = text(flag)
    if (value !== undefined) query.set(name, value)
  }
  const compare = text('compare')
  if (compare !== undefined) {
    const { dimension, values: compared } = parseCompare(compare)
    if (query.has(dimension))
      throw new UsageError(`Invalid --compare: ${dimension} is also given as a filter`)
    query.set('dimension', dimension)
    query.set('values', compared.join(','))
  }
  const key = text('key') ?? env.VIGIL_API_KEY?.trim()
  if (!key) throw new UsageError('No API key: pass --key or set VIGIL_API_KEY (a key with the read scope)')
  const endpoint = text('endpoint') ?? env.VIGIL_ENDPOINT?.trim() ?? DEFAULT_ENDPOINT
  let base: URL
  try {
    base = new URL(endpoint)
  } catch {
    throw new UsageError(
      `Invalid --endpoint "${endpoint}": give the collector's URL, e.g. ${DEFAULT_ENDPOINT}`,
    )
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new UsageError(`Invalid --endpoint "${endpoint}": must be http:// or https://`)
  const path = compare === undefined ? 'api/v1/readiness' : 'api/v1/readiness/compare'
  // Relative to the endpoint's path, so a collector behind a path prefix (…/vigil/) works.
  const url = new URL(`${path}?${query}`, base.href.endsWith('/') ? base : `${base.href}/`)
  return { url, key, json: values.json === true, compare: compare !== undefined }
}

function parseCompare(text: string): { dimension: ScopeDimension; values: string[] } {
  const match = /^([A-Za-z]+)=(.+)$/.exec(text)
  const dimension = match?.[1] as ScopeDimension | undefined
  if (!match || !dimension || !scopeDimensions.includes(dimension)) {
    throw new UsageError(
      `Invalid --compare "${text}": write <dimension>=<value>,<value> with a dimension of ${scopeDimensions.join(', ')}`,
    )
  }
  const values = (match[2] ?? '').split(',').map((value) => value.trim())
  if (values.length < 2 || values.length > 5 || values.some((value) => value === ''))
    throw new UsageError(`Invalid --compare "${text}": give 2 to 5 values, comma-separated`)
  if (new Set(values).size !== values.length)
    throw new UsageError(`Invalid --compare "${text}": a value repeats`)
  return { dimension, values }
}
