import { ApiError, api } from '../../api/api-client.js'
import { navigate, useLinkHandler } from '../../app/router.js'
import type { PageProps } from '../../app/routes.js'
import { useAction } from '../../state/use-action.js'
import { useApi } from '../../state/use-api.js'
import { Breadcrumb } from '../../ui/Breadcrumb.js'
import { EmptyState, ErrorBox, Loaded, Loading, NoticeText } from '../../ui/feedback.js'
import { formatTime, formatUsd } from '../../ui/format.js'
import { PageHeader } from '../../ui/PageHeader.js'
import { timeAgo } from '../../ui/time-ago.js'
import type { AlertDelivery, AlertRule, AlertTransition, Silence } from './alert-types.js'
import { DeliveriesTable } from './DeliveriesTable.js'
import { metricLabel } from './metric-options.js'
import { RuleDefinition } from './RuleDefinition.js'
import { describeCondition, formatMeasured, formatThreshold } from './rule-summary.js'
import { StateBadge } from './StateBadge.js'
import { mutingSilence } from './silence-match.js'
import { ThresholdPreview } from './ThresholdPreview.js'
import { TransitionsTable } from './TransitionsTable.js'
import './admin-pages.css'

type RuleWithHistory = AlertRule & { history: AlertTransition[] }

const silenceChoices = ['1h', '4h', '24h']

/**
 * `/alerts/:id`: the rule's state and why, its definition, the metric as the
 * rule sees it with its thresholds, what changed and who was told; Edit,
 * Delete, and one-click silences for an incident being handled.
 */
export default function AlertDetailPage({ params }: PageProps) {
  const id = params.id ?? ''
  const onLink = useLinkHandler()
  const path = `/api/v1/alerts/${encodeURIComponent(id)}`
  const rule = useApi(() => api.get<RuleWithHistory>(path, { limit: 50 }), [path])
  const deliveries = useApi(
    () => api.get<{ deliveries: AlertDelivery[] }>('/api/v1/alert-deliveries', { ruleId: id, limit: 50 }),
    [id],
  )
  const silences = useApi(() => api.get<{ silences: Silence[] }>('/api/v1/silences', { state: 'active' }), [])
  const change = useAction()

  if (rule.error) {
    if (rule.error instanceof ApiError && rule.error.status === 404)
      return (
        <EmptyState title="No such alert rule">
          <p>
            It may have been deleted; its transitions stay in the history.{' '}
            <a href="/alerts" onClick={onLink}>
              Back to the alerts
            </a>
          </p>
        </EmptyState>
      )
    return <ErrorBox error={rule.error} retry={rule.reload} />
  }
  if (!rule.data) return <Loading what="the alert rule" />
  const data = rule.data
  const status = data.status
  const muted = mutingSilence(silences.data?.silences ?? [], data)

  async function remove() {
    if (!window.confirm(`Delete the alert rule “${data.name}”? Its history stays readable.`)) return
    await change.run(async () => {
      await api.delete(path)
      navigate('/alerts')
    })
  }

  async function unsilence(silence: Silence) {
    await change.run(async () => {
      await api.delete(`/api/v1/silences/${encodeURIComponent(silence.id)}`)
      silences.reload()
    })
  }

  async function silence(duration: string) {
    await change.run(async () => {
      await api.post<Silence>('/api/v1/silences', {
        ruleId: data.id,
        duration,
        comment: `Silenced for ${duration} from the dashboard`,
      })
      silences.reload()
    })
  }

  return (
    <section className="alert-detail vg-admin">
      <Breadcrumb trail={[{ href: '/alerts', label: 'Alerts' }]} />
      <PageHeader
        title={
          <>
            {data.name} <StateBadge status={status} />
            {!data.enabled ? <span className="badge disabled">disabled</span> : null}
          </>
        }
        subtitle={describeCondition(data)}
      >
        <div className="actions">
          <span className="muted small">Silence for</span>
          {silenceChoices.map((duration) => (
            <button
              key={duration}
              type="button"
              onClick={() => silence(duration)}
              aria-label={`Silence for ${duration}`}
            >
              {duration}
            </button>
          ))}
          {data.source === 'api' ? (
            <>
              <a className="button" href={`/alerts/${encodeURIComponent(data.id)}/edit`} onClick={onLink}>
                Edit
              </a>
              <button type="button" className="danger" onClick={remove}>
                Delete
              </button>
            </>
          ) : (
            <span className="muted small" title="Defined in vigil.config.*">
              read-only (config file)
            </span>
          )}
        </div>
      </PageHeader>
      <NoticeText notice={change.notice} banner />
      {muted ? (
        <p className="banner info-banner">
          Silenced until {formatTime(muted.endsAt)} ({muted.comment}): notifications are held meanwhile.{' '}
          {muted.ruleId === data.id && muted.matchers.length === 0 ? (
            <button type="button" className="link-button" onClick={() => unsilence(muted)}>
              Expire the silence
            </button>
          ) : (
            <span className="muted small">(a silence by labels: see Silences on the alerts page)</span>
          )}
        </p>
      ) : null}

      <div className="grid detail-grid">
        <section className="card" aria-labelledby="status-title">
          <h2 id="status-title">Current state</h2>
          {!status ? (
            <p className="muted">
              Not evaluated yet: the evaluator judges every rule every 30 s or so (or press “Evaluate now” on
              the alerts page).
            </p>
          ) : (
            <>
              <p className="status-message">{status.message}</p>
              {status.error ? <p className="error">{status.error}</p> : null}
              <div className="grid stats compact-stats">
                <div className="stat">
                  <div className="label">Value</div>
                  <div className="value">{formatMeasured(data.metric, status.value)}</div>
                </div>
                <div className="stat">
                  <div className="label">Threshold</div>
                  <div className="value">
                    {formatThreshold(data.metric, status.threshold ?? data.threshold)}
                  </div>
                </div>
                <div className="stat">
                  <div className="label">Calls in window</div>
                  <div className="value">{status.calls.toLocaleString('en')}</div>
                </div>
                {status.forecast ? (
                  <div className="stat">
                    <div className="label">Forecast by {formatTime(status.forecast.periodEnd)}</div>
                    <div className="value">{formatUsd(status.forecast.value)}</div>
                  </div>
                ) : null}
              </div>
              <p className="muted small">
                {status.state} since {formatTime(status.since)} ({timeAgo(status.since)})
                {status.firingSince && status.firingSince !== status.since
                  ? ` · firing since ${formatTime(status.firingSince)}`
                  : ''}{' '}
                · evaluated {timeAgo(status.evaluatedAt)}
              </p>
            </>
          )}
        </section>
        <section className="card" aria-labelledby="definition-title">
          <h2 id="definition-title">Definition</h2>
          <RuleDefinition rule={data} />
        </section>
      </div>

      <ThresholdPreview
        title={`${metricLabel(data.metric)} over the last 7 days, as this rule measures it`}
        rule={data}
      />

      <section className="card" aria-labelledby="rule-history-title">
        <h2 id="rule-history-title">History</h2>
        {data.history.length === 0 ? (
          <p className="muted">No state change yet.</p>
        ) : (
          <TransitionsTable transitions={data.history} metricOf={() => data.metric} showRule={false} />
        )}
      </section>

      <section className="card" aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">Deliveries</h2>
        <Loaded state={deliveries} what="deliveries">
          {({ deliveries: sent }) =>
            sent.length === 0 ? (
              <p className="muted">
                {data.channels.length === 0
                  ? 'Nothing was sent: the rule has no channel. Edit it to choose one.'
                  : 'Nothing sent yet: notifications go out when the rule fires, repeats or resolves.'}
              </p>
            ) : (
              <DeliveriesTable deliveries={sent} />
            )
          }
        </Loaded>
      </section>
    </section>
  )
}
