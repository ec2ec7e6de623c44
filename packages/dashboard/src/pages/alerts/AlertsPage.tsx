import { ApiError, api } from '../../api/api-client.js'
import { useLinkHandler } from '../../app/router.js'
import type { PageProps } from '../../app/routes.js'
import { useUrlState } from '../../state/url-state.js'
import { useAction } from '../../state/use-action.js'
import { useApi } from '../../state/use-api.js'
import { useCurrentKey } from '../../state/use-current-key.js'
import { describeActionError } from '../../ui/action-error.js'
import { EmptyState, ErrorBox, Loaded, NoticeText } from '../../ui/feedback.js'
import { PageHeader } from '../../ui/PageHeader.js'
import type { AlertChannel, AlertRule, AlertTransition, Silence } from './alert-types.js'
import { ChannelsPanel } from './ChannelsPanel.js'
import { RulesTable } from './RulesTable.js'
import { SilencesPanel } from './SilencesPanel.js'
import { TransitionsTable } from './TransitionsTable.js'
import './admin-pages.css'

/**
 * `/alerts`: every rule with its state (firing first), what changed lately,
 * the silences in force and the channels notifications go to. Changes need
 * an admin key; the page says so when the key is read-only.
 */
export default function AlertsPage(_: PageProps) {
  const url = useUrlState()
  const onLink = useLinkHandler()
  const { isAdmin } = useCurrentKey()
  const rules = useApi(() => api.get<{ rules: AlertRule[] }>('/api/v1/alerts'), [])
  const history = useApi(
    () => api.get<{ transitions: AlertTransition[] }>('/api/v1/alerts/history', { limit: 20 }),
    [],
  )
  const silences = useApi(() => api.get<{ silences: Silence[] }>('/api/v1/silences', { limit: 200 }), [])
  const channels = useApi(() => api.get<{ channels: AlertChannel[] }>('/api/v1/alert-channels'), [])
  const evaluation = useAction()

  const list = rules.data?.rules ?? []
  const firing = list.filter((rule) => rule.status?.state === 'firing')
  const metricOf = (id: string) => list.find((rule) => rule.id === id)?.metric
  // A new rule starts from the filters being looked at, so "alert on this" is one click from a filtered view.
  const newAlertQuery = new URLSearchParams(
    Object.entries(url.filters).filter((entry): entry is [string, string] => Boolean(entry[1])),
  ).toString()
  const newAlertHref = `/alerts/new${newAlertQuery ? `?${newAlertQuery}` : ''}`

  async function evaluateNow() {
    await evaluation.run(async () => {
      const answer = await api.post<{ evaluatedAt: string }>('/api/v1/alerts/evaluate')
      rules.reload()
      history.reload()
      return `Evaluated every rule at ${new Date(answer.evaluatedAt).toLocaleTimeString()}.`
    }, describeEvaluationError)
  }

  return (
    <section className="alerts-page vg-admin">
      <PageHeader
        title="Alerts"
        subtitle={
          rules.data
            ? `${list.length} rule${list.length === 1 ? '' : 's'} · ${firing.length} firing`
            : 'Threshold rules on the production metrics'
        }
        sections={{ label: 'Alert sections', names: ['Rules', 'History', 'Silences', 'Channels'] }}
      >
        <div className="actions">
          <button type="button" onClick={evaluateNow} disabled={evaluation.busy}>
            {evaluation.busy ? 'Evaluating…' : 'Evaluate now'}
          </button>
          <a className="button primary" href={newAlertHref} onClick={onLink}>
            New alert
          </a>
        </div>
      </PageHeader>
      {isAdmin === false ? (
        <p className="banner info-banner">
          This key can read but not change alerts (it lacks the admin scope): creating rules, silences and
          channels will be refused.
        </p>
      ) : null}
      <NoticeText notice={evaluation.notice} banner />
      {firing.length > 0 ? (
        <p className="banner">
          <strong>{firing.length} firing:</strong> {firing.map((rule) => rule.name).join(', ')}
        </p>
      ) : null}

      <section className="card" id="rules" aria-labelledby="rules-title">
        <h2 id="rules-title" className="visually-hidden">
          Rules
        </h2>
        <Loaded state={rules} what="alert rules">
          {() =>
            list.length === 0 ? (
              <EmptyState title="No alert rules yet">
                <p>
                  A rule watches one metric (error rate, p95 latency, cost…) over a window and tells a channel
                  when it crosses a threshold. The form previews where it would have fired in the last 7 days.
                </p>
                <p>
                  <a className="button primary" href={newAlertHref} onClick={onLink}>
                    Create the first alert
                  </a>{' '}
                  <span className="muted">
                    or declare rules in vigil.config.yaml (they show here read-only).
                  </span>
                </p>
              </EmptyState>
            ) : (
              <RulesTable rules={list} silences={silences.data?.silences ?? []} />
            )
          }
        </Loaded>
      </section>

      <section className="card" id="history" aria-labelledby="history-title">
        <h2 id="history-title">Recent transitions</h2>
        <Loaded state={history} what="history">
          {({ transitions }) =>
            transitions.length === 0 ? (
              <p className="muted">
                No state change yet. Each change is kept here with the value measured then.
              </p>
            ) : (
              <TransitionsTable transitions={transitions} metricOf={metricOf} />
            )
          }
        </Loaded>
      </section>

      <div className="grid two-columns">
        {silences.error ? (
          <ErrorBox error={silences.error} retry={silences.reload} />
        ) : (
          <SilencesPanel silences={silences.data?.silences ?? []} rules={list} onChange={silences.reload} />
        )}
        {channels.error ? (
          <ErrorBox error={channels.error} retry={channels.reload} />
        ) : (
          <ChannelsPanel channels={channels.data?.channels ?? []} onChange={channels.reload} />
        )}
      </div>
    </section>
  )
}

function describeEvaluationError(reason: unknown): string {
  return reason instanceof ApiError && reason.code === 'VIGIL_ERR_NOT_EVALUATOR'
    ? 'This collector does not evaluate alerts (it runs with VIGIL_ALERTS_EVALUATOR=off). Another collector of this deployment evaluates them on its schedule; the states here update when it does.'
    : describeActionError(reason)
}
