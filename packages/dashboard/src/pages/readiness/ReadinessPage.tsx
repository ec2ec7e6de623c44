import type { ReactNode } from 'react'
import { ApiError, api } from '../../api/api-client.js'
import type { PageProps } from '../../app/routes.js'
import { loadDimensionValues } from '../../state/dimension-values.js'
import { useUrlState } from '../../state/url-state.js'
import { useApi } from '../../state/use-api.js'
import { EmptyState, ErrorBox, Loading } from '../../ui/feedback.js'
import { PageHeader } from '../../ui/PageHeader.js'
import { type CompareSelection, CompareView, compareDimensions } from './CompareView.js'
import { GateHint } from './GateHint.js'
import type { CriteriaList, ScopeDimension, Scorecard } from './readiness-types.js'
import { listUseCases } from './readiness-view.js'
import { ScorecardView } from './ScorecardView.js'
import '../alerts/admin-pages.css'

const windows = ['24h', '7d', '14d', '30d', '90d']
const scopeNames = ['promptVersion', 'model', 'provider', 'environment'] as const

/**
 * `/readiness`: is a use case ready for production, as `vigil gate` would
 * answer in CI. The use case, window, scope and comparison are in the URL
 * (`?useCase=…&window=30d&compare=promptVersion&a=v1&b=v2`) so a verdict
 * can be linked from a review.
 */
export default function ReadinessPage(_: PageProps) {
  const url = useUrlState()
  const chosen = url.filters.useCase
  const window = url.param('window')
  const choices = useApi(async () => {
    const [withCalls, declared] = await Promise.all([
      loadDimensionValues('useCase', { days: 30 }),
      api.get<CriteriaList>('/api/v1/readiness/criteria'),
    ])
    return {
      useCases: listUseCases(
        withCalls,
        declared.criteria.map((entry) => entry.useCase),
      ),
      declared: new Set(declared.criteria.map((entry) => entry.useCase)),
    }
  }, [])

  // Without a use case in the URL, judge the busiest one, without writing it to the URL: the use case
  // is a filter every page shares, and merely opening this page must not filter the others.
  const useCase = chosen ?? choices.data?.useCases[0]

  const scope: Partial<Record<ScopeDimension, string>> = {}
  for (const name of scopeNames) if (url.filters[name]) scope[name] = url.filters[name]
  const query = { window, ...scope }
  const card = useApi(
    () =>
      useCase ? api.get<Scorecard>('/api/v1/readiness', { useCase, ...query }) : Promise.resolve(undefined),
    [useCase, JSON.stringify(query)],
  )
  // Operations criteria name the rules that cover the use case: show their names, not ids.
  const rules = useApi(() => api.get<{ rules: { id: string; name: string }[] }>('/api/v1/alerts'), [])
  const ruleNames = new Map((rules.data?.rules ?? []).map((rule) => [rule.id, rule.name]))
  const dimension = url.param('compare') as CompareSelection['dimension'] | undefined
  const selection: CompareSelection | undefined =
    dimension && compareDimensions.some((d) => d.name === dimension)
      ? { dimension, a: url.param('a') ?? '', b: url.param('b') ?? '' }
      : undefined

  let body: ReactNode
  if (choices.error) body = <ErrorBox error={choices.error} retry={choices.reload} />
  else if (!choices.data) body = <Loading what="use cases" />
  else if (choices.data.useCases.length === 0)
    body = (
      <EmptyState title="No use case to judge yet">
        <p>
          Readiness is judged per use case. Name the use case of your calls in the SDK, e.g.{' '}
          <code>
            withContext({'{'} useCase: 'support-reply' {'}'}, () =&gt; …)
          </code>
          , or set the <code>vigil.use_case</code> attribute on your spans; then come back here.
        </p>
      </EmptyState>
    )
  else if (card.error)
    body =
      card.error instanceof ApiError && card.error.code === 'VIGIL_ERR_UNKNOWN_USE_CASE' ? (
        <EmptyState title={`Nothing to judge for “${useCase}”`}>
          <p>{card.error.message}</p>
        </EmptyState>
      ) : (
        <ErrorBox error={card.error} retry={card.reload} />
      )
  else if (!card.data) body = <Loading what="the scorecard" />
  else
    body = (
      <div className={`scorecard${card.loading ? ' is-updating' : ''}`} aria-busy={card.loading}>
        <ScorecardView card={card.data} ruleNames={ruleNames} />
      </div>
    )

  return (
    <section className="vg-admin readiness-page">
      <PageHeader
        title="Readiness"
        subtitle="Is a use case ready for production? Its acceptance criteria, measured."
      >
        <div className="filters readiness-controls">
          <label>
            Use case
            <select
              aria-label="Use case"
              value={useCase ?? ''}
              onChange={(event) => url.setFilter('useCase', event.target.value || undefined)}
            >
              {!useCase ? <option value="">Choose…</option> : null}
              {(choices.data?.useCases ?? (useCase ? [useCase] : [])).map((name) => (
                <option key={name} value={name}>
                  {name}
                  {choices.data?.declared.has(name) ? ' (declared criteria)' : ''}
                </option>
              ))}
            </select>
          </label>
          <label>
            Window
            <select
              aria-label="Window"
              value={window ?? ''}
              onChange={(event) => url.update({ window: event.target.value || undefined })}
            >
              <option value="">criteria’s own ({card.data?.window.duration ?? '7d'})</option>
              {windows.map((w) => (
                <option key={w} value={w}>
                  last {w}
                </option>
              ))}
            </select>
          </label>
          <label>
            Environment
            <select
              value={url.filters.environment ?? ''}
              onChange={(event) => url.setFilter('environment', event.target.value || undefined)}
            >
              <option value="">all</option>
              <EnvironmentOptions useCase={useCase} current={url.filters.environment} />
            </select>
          </label>
          <button
            type="button"
            aria-pressed={selection !== undefined}
            onClick={() =>
              url.update(
                selection ? { compare: undefined, a: undefined, b: undefined } : { compare: 'promptVersion' },
                { push: true },
              )
            }
          >
            {selection ? 'Hide comparison' : 'Compare…'}
          </button>
        </div>
      </PageHeader>
      {Object.keys(scope).filter((name) => name !== 'environment').length > 0 ? (
        <p className="hint">
          Judging only the calls with{' '}
          {Object.entries(scope)
            .filter(([name]) => name !== 'environment')
            .map(([name, value]) => `${name}=${value}`)
            .join(', ')}{' '}
          (from the page filters).
        </p>
      ) : null}
      {body}
      {useCase && selection ? (
        <CompareView
          useCase={useCase}
          query={query}
          selection={selection}
          onChange={(next) =>
            url.update({ compare: next.dimension, a: next.a || undefined, b: next.b || undefined })
          }
        />
      ) : null}
      {useCase ? (
        <GateHint
          useCase={useCase}
          window={window}
          scope={scope}
          compare={
            selection?.a && selection.b
              ? { dimension: selection.dimension, values: [selection.a, selection.b] }
              : undefined
          }
        />
      ) : null}
    </section>
  )
}

function EnvironmentOptions({
  useCase,
  current,
}: {
  useCase: string | undefined
  current: string | undefined
}) {
  const values = useApi(
    () => (useCase ? loadDimensionValues('environment', { filters: { useCase } }) : Promise.resolve([])),
    [useCase],
  )
  const list = values.data ?? []
  return (
    <>
      {current && !list.includes(current) ? <option value={current}>{current}</option> : null}
      {list.map((value) => (
        <option key={value} value={value}>
          {value}
        </option>
      ))}
    </>
  )
}
