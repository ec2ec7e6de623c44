import { z } from 'zod'
import { instant } from '../api/instant.js'
import type { ClickHouseStore } from '../storage/clickhouse-store.js'
import { DefinitionStore } from '../storage/definition-store.js'
import type { RuleFilters } from './alert-rule.js'
import { formatDuration, parseDuration } from './duration.js'
import type { AlertNotification } from './notification.js'

/**
 * A silence mutes notifications of the rules it matches between `startsAt`
 * and `endsAt`, as Alertmanager's do: by rule id, and/or by matchers on what
 * a rule is about. Expired silences are kept, so "why did nobody hear about
 * it" stays answerable; only their time makes them inactive.
 */

const DAY_MS = 86_400_000
/** A mute longer than this is a disabled rule: disable it instead, where reviewers see it. */
const MAX_SILENCE_MS = 366 * DAY_MS

export const matcherOperators = ['=', '!=', '=~', '!~'] as const

export const silenceMatcher = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(100)
      .describe(
        'A rule label (`team`), a filter of the rule (`useCase`, `model`, `environment`…), or `ruleId`, `ruleName`, `metric`',
      ),
    value: z.string().max(256),
    operator: z
      .enum(matcherOperators)
      .default('=')
      .describe(
        '`=` equals, `!=` differs, `=~` matches the whole value as a regular expression, `!~` does not',
      ),
  })
  .superRefine((matcher, ctx) => {
    if (!matcher.operator.endsWith('~')) return
    try {
      new RegExp(matcher.value)
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `is not a regular expression: ${(error as Error).message}`,
      })
    }
  })
export type SilenceMatcher = z.output<typeof silenceMatcher>

/** A silence as `POST /api/v1/silences` takes it. */
export const silenceInput = z
  .strictObject({
    ruleId: z.string().min(1).max(128).optional().describe('Mute this rule'),
    matchers: z
      .array(silenceMatcher)
      .max(20)
      .default([])
      .describe('Mute the rules matching all of these (with `ruleId`: that rule, if it matches)'),
    startsAt: instant.optional().describe('Default: now'),
    endsAt: instant.optional().describe('When the silence ends; or give `duration`'),
    duration: z
      .string()
      .optional()
      .describe('How long from `startsAt` the silence lasts (`2h`, `3d`); instead of `endsAt`'),
    comment: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .describe('Why: shown to whoever wonders why nothing was sent'),
  })
  .superRefine((input, ctx) => {
    if (input.ruleId === undefined && input.matchers.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['ruleId'],
        message: 'give `ruleId` or at least one matcher: a silence of every rule would hide everything',
      })
    }
    if ((input.endsAt === undefined) === (input.duration === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'give either `endsAt` or `duration`' })
    }
    if (input.duration !== undefined) {
      const ms = parseDuration(input.duration)
      if (ms === undefined || ms <= 0 || ms > MAX_SILENCE_MS) {
        ctx.addIssue({
          code: 'custom',
          path: ['duration'],
          message: `must be a duration between 1s and ${formatDuration(MAX_SILENCE_MS)}, e.g. 2h or 3d`,
        })
      }
    }
  })
export type SilenceInput = z.output<typeof silenceInput>

/** A silence as stored (table `alert_silences`, keyed by id) and shown. */
export const silenceSchema = z.strictObject({
  id: z.string(),
  ruleId: z.string().optional(),
  matchers: z.array(silenceMatcher),
  startsAt: z.string().describe('ISO 8601'),
  endsAt: z.string().describe('ISO 8601'),
  comment: z.string(),
  createdBy: z.string().describe('The API key that created it'),
  createdAt: z.string().describe('ISO 8601'),
})
export type Silence = z.output<typeof silenceSchema>

export type SilenceState = 'pending' | 'active' | 'expired'

export function silenceStore(store: ClickHouseStore): DefinitionStore<Silence> {
  return new DefinitionStore(store, 'alert_silences', (value) => silenceSchema.parse(value))
}

/**
 * The silence `input` describes, starting now unless it says otherwise; or
 * the field that makes it impossible (one that would end before it starts,
 * or be over already).
 */
export function newSilence(
  input: SilenceInput,
  meta: { id: string; createdBy: string; now: Date },
): { silence: Silence } | { field: string; message: string } {
  const startsAt = input.startsAt ?? meta.now
  const endsAt = input.endsAt ?? new Date(startsAt.getTime() + (parseDuration(input.duration ?? '') ?? 0))
  if (endsAt <= meta.now) return { field: 'endsAt', message: 'must be in the future' }
  if (endsAt <= startsAt) return { field: 'endsAt', message: 'must be after `startsAt`' }
  if (endsAt.getTime() - startsAt.getTime() > MAX_SILENCE_MS) {
    return {
      field: 'endsAt',
      message: `must be at most ${formatDuration(MAX_SILENCE_MS)} after \`startsAt\``,
    }
  }
  return {
    silence: {
      id: meta.id,
      ...(input.ruleId !== undefined && { ruleId: input.ruleId }),
      matchers: input.matchers,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      comment: input.comment,
      createdBy: meta.createdBy,
      createdAt: meta.now.toISOString(),
    },
  }
}

export function silenceState(silence: Silence, nowMs: number): SilenceState {
  if (nowMs < Date.parse(silence.startsAt)) return 'pending'
  return nowMs < Date.parse(silence.endsAt) ? 'active' : 'expired'
}

/** Ends a silence now (kept as history); a pending one ends before it ever started. */
export function expireSilence(silence: Silence, now: Date): Silence {
  const at = now.toISOString()
  return {
    ...silence,
    startsAt: Date.parse(silence.startsAt) > now.getTime() ? at : silence.startsAt,
    endsAt: at,
  }
}

/** What matchers see of a rule: its labels, its filters, then `ruleId`, `ruleName`, `metric` (later ones win). */
export type SilenceSubject = Pick<AlertNotification['rule'], 'id' | 'name' | 'metric' | 'filters' | 'labels'>

export function subjectLabels(rule: SilenceSubject): Record<string, string> {
  const labels: Record<string, string> = { ...rule.labels }
  for (const [name, value] of Object.entries(rule.filters as RuleFilters)) {
    if (value !== undefined) labels[name] = value
  }
  labels.ruleId = rule.id
  labels.ruleName = rule.name
  labels.metric = rule.metric
  return labels
}

/**
 * Whether `silence` covers `rule`, whatever the time. As in Alertmanager, a
 * label the rule lacks reads as the empty string (so `team=""` matches rules
 * without a team), and a regular expression must match the whole value.
 */
export function silenceMatches(silence: Silence, rule: SilenceSubject): boolean {
  if (silence.ruleId !== undefined && silence.ruleId !== rule.id) return false
  const labels = subjectLabels(rule)
  return silence.matchers.every((matcher) => matches(matcher, labels[matcher.name] ?? ''))
}

/** The first silence covering `rule` at `nowMs`, if any. */
export function activeSilence(
  silences: readonly Silence[],
  rule: SilenceSubject,
  nowMs: number,
): Silence | undefined {
  return silences.find(
    (silence) => silenceState(silence, nowMs) === 'active' && silenceMatches(silence, rule),
  )
}

function matches(matcher: SilenceMatcher, value: string): boolean {
  switch (matcher.operator) {
    case '=':
      return value === matcher.value
    case '!=':
      return value !== matcher.value
    case '=~':
      return new RegExp(`^(?:${matcher.value})$`).test(value)
    case '!~':
      return !new RegExp(`^(?:${matcher.value})$`).test(value)
  }
}
