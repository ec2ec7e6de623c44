import { formatMetricValue } from '../alerts/alert-message.js'
import type { Comparison } from '../alerts/alert-rule.js'
import type { CriterionResult, ReadinessScorecard } from '../readiness/scorecard-schema.js'

/**
 * The readiness scorecard as a person reads it in a terminal or a CI log:
 * areas, a mark per criterion (✓ pass, ✗ fail, ? not judged), the measured
 * value next to what it must be, then the verdict and its reasons. A
 * comparison puts one column per value under the same criteria.
 */

const marks = { pass: '✓', fail: '✗', insufficient_data: '?' } as const
const verdicts = { ready: 'READY', not_ready: 'NOT READY', insufficient_data: 'INSUFFICIENT DATA' } as const
const symbols: Record<Comparison, string> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤' }

const formatted = (criterion: CriterionResult, value: number) =>
  criterion.metric === null ? value.toLocaleString('en-US') : formatMetricValue(criterion.metric, value)

/** `≤ 2,000 ms`: what the criterion requires. */
const requirement = (criterion: CriterionResult) =>
  `${symbols[criterion.comparison]} ${formatted(criterion, criterion.threshold)}`

/** `✓ 1,840 ms`, or `? 40 calls (needs 100)` when too few calls could not judge it. */
function measured(criterion: CriterionResult): string {
  const mark = marks[criterion.status]
  const { calls, minCalls } = criterion.data
  if (criterion.status === 'insufficient_data' && calls !== null && minCalls !== null && calls < minCalls)
    return `${mark} ${calls.toLocaleString('en-US')} calls (needs ${minCalls.toLocaleString('en-US')})`
  return `${mark} ${criterion.value === null ? 'no value' : formatted(criterion, criterion.value)}`
}

/** Window, calls, where the criteria come from, and the scope (without the compared dimension). */
function header(card: ReadinessScorecard, calls: number, without?: string): string[] {
  const time = (iso: string) => iso.slice(0, 16).replace('T', ' ')
  const duration = card.window.duration ? ` (${card.window.duration})` : ''
  const source =
    card.criteriaSource === 'default'
      ? "Vigil's default criteria"
      : `criteria from ${card.criteriaSource === 'file' ? 'the config file' : 'the API'}`
  const scope = Object.entries(card.scope)
    .filter(([name]) => name !== without)
    .map(([name, value]) => `${name}=${value}`)
  return [
    `Window ${time(card.window.from)} → ${time(card.window.to)} UTC${duration} · ${calls.toLocaleString('en-US')} calls · ${source}`,
    ...(scope.length > 0 ? [`Scope ${scope.join(', ')}`] : []),
  ]
}

/** Lines padded into columns; the first column is as wide as its longest cell. */
function table(rows: (string[] | string)[]): string[] {
  const widths: number[] = []
  for (const row of rows) {
    if (typeof row === 'string') continue
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length)
    })
  }
  return rows.map((row) =>
    typeof row === 'string'
      ? row
      : row
          .map((cell, i) =>
            i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length),
          )
          .join('   ')
          .trimEnd(),
  )
}

const bullet = (lines: string[]) => lines.map((line) => `  - ${line}`)

export function scorecardText(card: ReadinessScorecard): string {
  const rows: (string[] | string)[] = []
  for (const area of card.areas) {
    if (area.criteria.length === 0) continue
    rows.push(area.label)
    for (const criterion of area.criteria)
      rows.push([`  ${criterion.name}`, measured(criterion), `must be ${requirement(criterion)}`])
  }
  const lines = [
    `Use case "${card.useCase}": ${verdicts[card.verdict]}`,
    ...header(card, card.calls),
    '',
    ...table(rows),
    '',
  ]
  lines.push(`${verdicts[card.verdict]}:`, ...bullet(card.reasons))
  if (card.notes.length > 0) lines.push('Notes:', ...bullet(card.notes))
  return `${lines.join('\n')}\n`
}

export interface ComparisonAnswer {
  useCase: string
  dimension: string
  variants: { value: string; scorecard: ReadinessScorecard }[]
}

export function comparisonText(answer: ComparisonAnswer): string {
  const first = answer.variants[0]?.scorecard
  if (!first) return `Use case "${answer.useCase}": nothing to compare\n`
  const rows: (string[] | string)[] = [
    ['', ...answer.variants.map((variant) => `${answer.dimension}=${variant.value}`)],
  ]
  // Every variant has the same criteria in the same order: they are judged by one set.
  first.areas.forEach((area, a) => {
    if (area.criteria.length === 0) return
    rows.push(area.label)
    area.criteria.forEach((criterion, c) => {
      const cells = answer.variants.map(({ scorecard }) => {
        const own = scorecard.areas[a]?.criteria[c]
        return own ? measured(own) : ''
      })
      rows.push([`  ${criterion.name} ${requirement(criterion)}`, ...cells])
    })
  })
  rows.push(['Calls', ...answer.variants.map(({ scorecard }) => scorecard.calls.toLocaleString('en-US'))])
  rows.push(['Verdict', ...answer.variants.map(({ scorecard }) => verdicts[scorecard.verdict])])
  const calls = answer.variants.reduce((sum, { scorecard }) => sum + scorecard.calls, 0)
  const lines = [
    `Use case "${answer.useCase}" by ${answer.dimension}`,
    ...header(first, calls, answer.dimension),
    '',
  ]
  lines.push(...table(rows), '')
  for (const { value, scorecard } of answer.variants)
    lines.push(`${answer.dimension}=${value}: ${verdicts[scorecard.verdict]}`, ...bullet(scorecard.reasons))
  if (first.notes.length > 0) lines.push('Notes:', ...bullet(first.notes))
  return `${lines.join('\n')}\n`
}
