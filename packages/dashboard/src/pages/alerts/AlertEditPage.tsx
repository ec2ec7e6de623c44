import { type ReactNode, useEffect, useState } from 'react'
import { ApiError, api } from '../../api/api-client.js'
import { navigate } from '../../app/router.js'
import type { PageProps } from '../../app/routes.js'
import { useDimensionValues } from '../../state/dimension-values.js'
import { filterNames } from '../../state/url-state.js'
import { useApi } from '../../state/use-api.js'
import { describeActionError } from '../../ui/action-error.js'
import { Breadcrumb } from '../../ui/Breadcrumb.js'
import { ErrorBox, Loading } from '../../ui/feedback.js'
import { AlertForm } from './AlertForm.js'
import type { AlertChannel, AlertRule, AlertRuleBody, RuleFilters } from './alert-types.js'
import { isKnownMetric } from './metric-options.js'
import { emptyRuleForm, type FieldErrors, fieldOfApiError, type RuleForm, ruleToForm } from './rule-form.js'
import './admin-pages.css'

/**
 * `/alerts/new` and `/alerts/:id/edit`. A new rule starts from the filters
 * and metric in the URL (`?useCase=…&metric=errorRate`), so other pages can
 * link to "alert on this". Saving goes to the rule's page.
 */
export default function AlertEditPage({ params }: PageProps) {
  const id = params.id
  const dimensionValues = useDimensionValues()
  const channels = useApi(() => api.get<{ channels: AlertChannel[] }>('/api/v1/alert-channels'), [])
  // The rule is read once: a refresh tick must not overwrite what is being typed.
  const [rule, setRule] = useState<{ rule?: AlertRule; error?: Error; loaded: boolean }>({ loaded: !id })
  useEffect(() => {
    if (!id) {
      setRule({ loaded: true })
      return
    }
    let current = true
    setRule({ loaded: false })
    api.get<AlertRule>(`/api/v1/alerts/${encodeURIComponent(id)}`, { limit: 1 }).then(
      (found) => current && setRule({ rule: found, loaded: true }),
      (error: Error) => current && setRule({ error, loaded: true }),
    )
    return () => {
      current = false
    }
  }, [id])
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | undefined>()

  async function save(body: AlertRuleBody) {
    setErrors({})
    setFormError(undefined)
    try {
      const saved = id
        ? await api.put<AlertRule>(`/api/v1/alerts/${encodeURIComponent(id)}`, body)
        : await api.post<AlertRule>('/api/v1/alerts', body)
      navigate(`/alerts/${encodeURIComponent(saved.id)}`)
    } catch (reason) {
      const field =
        reason instanceof ApiError && reason.status === 400 ? fieldOfApiError(reason.message) : undefined
      if (field) setErrors({ [field.field]: field.message })
      else setFormError(describeActionError(reason))
    }
  }

  const title = id ? `Edit ${rule.rule?.name ?? 'alert'}` : 'New alert'
  let body: ReactNode
  if (!rule.loaded || !channels.data) {
    body = channels.error ? (
      <ErrorBox error={channels.error} retry={channels.reload} />
    ) : (
      <Loading what="the form" />
    )
  } else if (rule.error) {
    body = <ErrorBox error={rule.error} />
  } else {
    const readOnly = rule.rule?.source === 'file'
    body = (
      <>
        {readOnly ? (
          <p className="banner info-banner">
            This rule comes from vigil.config.*: it is read-only here. Change it in the file and restart the
            collector.
          </p>
        ) : null}
        <AlertForm
          key={rule.rule?.id ?? 'new'}
          initial={rule.rule ? ruleToForm(rule.rule) : initialFromUrl()}
          mode={id ? 'edit' : 'create'}
          readOnly={readOnly}
          channels={channels.data.channels}
          dimensionValues={dimensionValues}
          onSubmit={save}
          errors={errors}
          formError={formError}
          onChannelCreated={channels.reload}
        />
      </>
    )
  }

  return (
    <section className="vg-admin">
      <Breadcrumb
        trail={[
          { href: '/alerts', label: 'Alerts' },
          ...(id ? [{ href: `/alerts/${encodeURIComponent(id)}`, label: rule.rule?.name ?? id }] : []),
        ]}
      />
      <h1>{title}</h1>
      {body}
    </section>
  )
}

function initialFromUrl(): RuleForm {
  const search = new URLSearchParams(location.search)
  const filters: RuleFilters = {}
  for (const name of filterNames) {
    const value = search.get(name)
    if (value) filters[name] = value
  }
  const metric = search.get('metric')
  const start = { ...emptyRuleForm, filters }
  if (!metric || !isKnownMetric(metric)) return start
  const colon = metric.indexOf(':')
  return colon > 0
    ? { ...start, metric: metric.slice(0, colon), metricKey: metric.slice(colon + 1) }
    : { ...start, metric }
}
