import { formatCount, formatMs, formatUsd } from '../../ui/format.js'
import type {
  Comparison,
  CriteriaSource,
  CriterionStatus,
  ReadinessVerdict,
  ScopeDimension,
} from './readiness-types.js'

/**
 * How the scorecard reads on the page: verdicts and statuses in words, values
 * in their unit, thresholds written exactly as declared, and the CLI command
 * that gives the same verdict in CI.
 */

export function verdictText(verdict: ReadinessVerdict): string {
  return { ready: 'ready', not_ready: 'not ready', insufficient_data: 'insufficient data' }[verdict]
}

export function statusText(status: CriterionStatus | 'no_criteria'): string {
  return { pass: 'pass', fail: 'fail', insufficient_data: 'insufficient data', no_criteria: 'no criteria' }[
    status
  ]
}

export function sourceText(source: CriteriaSource): string {
  return {
    api: 'declared criteria (set through the API)',
    file: 'declared criteria (vigil.config.*)',
    default: 'Vigil’s default criteria (none declared yet)',
  }[source]
}

const symbols: Record<Comparison, string> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤' }

/** A measured value in its unit (rounded for reading). */
export function formatValue(unit: string, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–'
  switch (unit) {
    case 'ratio':
      return `${trim(value * 100, 2)} %`
    case 'ms':
      return formatMs(value)
    case 'usd':
      return formatUsd(value)
    case 'count':
    case 'tokens':
      return value < 10_000 ? Math.round(value).toLocaleString('en') : formatCount(value)
    default:
      return trim(value, 3)
  }
}

/** "≤ 1 %", "≥ 100": what must hold to pass, the threshold written as declared. */
export function formatRequirement(unit: string, comparison: Comparison, threshold: number): string {
  const exact = (n: number) => String(Number(n.toPrecision(6)))
  const value =
    unit === 'ratio'
      ? `${exact(threshold * 100)} %`
      : unit === 'ms'
        ? `${exact(threshold).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} ms`
        : unit === 'usd'
          ? `$${exact(threshold)}`
          : exact(threshold)
  return `${symbols[comparison]} ${value}`
}

/**
 * The use cases to choose among: those with calls (busiest first), then
 * those with declared criteria but no calls yet (they can still be judged,
 * as "insufficient data").
 */
export function listUseCases(withCalls: readonly string[], declared: readonly string[]): string[] {
  const out = [...withCalls]
  for (const name of [...declared].sort()) if (!out.includes(name)) out.push(name)
  return out
}

const flags: Record<ScopeDimension, string> = {
  promptVersion: '--prompt-version',
  model: '--model',
  provider: '--provider',
  environment: '--environment',
  serviceName: '--service-name',
}

/** The `vigil gate` command for CI that judges the same thing (the key comes from VIGIL_API_KEY). */
export function gateCommand(options: {
  useCase: string
  endpoint: string
  window?: string | undefined
  scope?: Partial<Record<ScopeDimension, string>>
  compare?: { dimension: ScopeDimension; values: string[] } | undefined
}): string {
  const parts = ['vigil gate', `--use-case ${shellQuote(options.useCase)}`]
  if (options.window) parts.push(`--window ${options.window}`)
  for (const [dimension, value] of Object.entries(options.scope ?? {}) as [ScopeDimension, string][])
    if (value) parts.push(`${flags[dimension]} ${shellQuote(value)}`)
  if (options.compare)
    parts.push(`--compare ${shellQuote(`${options.compare.dimension}=${options.compare.values.join(',')}`)}`)
  parts.push(`--endpoint ${options.endpoint}`)
  return parts.join(' ')
}

/** Quoted only when the shell would otherwise split or expand it. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_.,:=/@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`
}

function trim(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)))
}
