import { useEffect, useState } from 'react'
import {
  loadPrices,
  loadUnknownModels,
  overridesToRows,
  type PriceRow,
  priceToRow,
  type RateField,
  type RowError,
  rateFields,
  recomputeCosts,
  rowsToOverrides,
  savePriceOverrides,
} from '../../api/price-overrides.js'
import { useAction } from '../../state/use-action.js'
import { useApi } from '../../state/use-api.js'
import { DataTable } from '../../ui/DataTable.js'
import { ErrorBox, Loading, NoticeText } from '../../ui/feedback.js'
import { formatCount, formatTime } from '../../ui/format.js'
import { InputField } from '../../ui/InputField.js'
import { SectionCard } from '../../ui/SectionCard.js'
import { numeric } from '../../ui/TableHead.js'

const rateLabels: Record<RateField, string> = {
  input: 'Input',
  output: 'Output',
  cachedInput: 'Cached input',
  cacheWrite: 'Cache write',
  reasoning: 'Reasoning',
}

/**
 * The prices calls are costed with: the project's overrides and custom
 * models (editable, admin), models seen without a price, and the whole
 * catalog in effect. A change costs calls ingested from then on; "Re-price"
 * applies it to the stored calls of the last 7 days.
 */
export function PricesSection({ readOnly }: { readOnly: boolean }) {
  const prices = useApi(loadPrices, [])
  const unknown = useApi(() => loadUnknownModels(), [])
  const [rows, setRows] = useState<PriceRow[] | undefined>()
  const [errors, setErrors] = useState<RowError[]>([])
  const change = useAction()
  const [search, setSearch] = useState('')
  const saved = prices.data?.overrideVersion ?? ''
  // The editor starts from the saved overrides, and again after each save (a new version).
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the saved version changes
  useEffect(() => {
    if (prices.data) setRows(overridesToRows(prices.data.overrides))
  }, [saved, prices.data === undefined])

  const catalog = new Map((prices.data?.models ?? []).map((entry) => [entry.model.toLowerCase(), entry]))
  const addRow = (model = '', provider = '') => {
    const known = catalog.get(model.toLowerCase())
    setRows((list) => [...(list ?? []), priceToRow(model, { ...known, ...(provider ? { provider } : {}) })])
  }
  /** A model typed into an empty row starts from its catalog rates, if the catalog has it. */
  const prefill = (row: PriceRow) => {
    const known = catalog.get(row.model.trim().toLowerCase())
    if (!known || rateFields.some((field) => row.rates[field] !== '')) return
    const filled = priceToRow(row.model.trim(), known)
    update(row.key, { rates: filled.rates, provider: row.provider || filled.provider, kept: filled.kept })
  }
  const update = (key: string, change: Partial<PriceRow>) =>
    setRows((list) => list?.map((row) => (row.key === key ? { ...row, ...change } : row)))
  const errorOf = (key: string, field: string) =>
    errors.find((e) => e.key === key && e.field === field)?.message

  async function save() {
    if (!rows) return
    await change.run(async () => {
      const result = rowsToOverrides(rows)
      if ('errors' in result) {
        setErrors(result.errors)
        return
      }
      setErrors([])
      await savePriceOverrides(result.models)
      prices.reload()
      unknown.reload()
      return 'Saved. Calls ingested from now on use these prices; stored calls keep their cost until re-priced.'
    })
  }

  async function recompute() {
    if (!window.confirm('Re-price the calls of the last 7 days with the prices in effect now?')) return
    await change.run(async () => {
      const to = new Date()
      const answer = await recomputeCosts({ from: new Date(to.getTime() - 7 * 86_400_000), to })
      unknown.reload()
      return `Re-priced ${formatCount(answer.repriced)} of ${formatCount(answer.scanned)} calls.`
    })
  }

  if (prices.error) return <ErrorBox error={prices.error} retry={prices.reload} />
  if (!prices.data || !rows) return <Loading what="prices" />
  const unpriced = (unknown.data?.models ?? []).filter(
    (m) => !rows.some((row) => row.model.toLowerCase() === m.model.toLowerCase()),
  )
  const shown = prices.data.models.filter((entry) =>
    entry.model.toLowerCase().includes(search.trim().toLowerCase()),
  )

  const rateColumns = rateFields.map((field) => numeric(rateLabels[field]))

  return (
    <SectionCard
      id="prices"
      title="Prices"
      note={
        <>
          USD per 1M tokens · catalog {prices.data.catalogVersion}
          {prices.data.overridesUpdatedAt
            ? ` · overrides saved ${formatTime(prices.data.overridesUpdatedAt)}`
            : ''}
        </>
      }
    >
      {unpriced.length > 0 ? (
        <div className="banner info-banner">
          <strong>Models without a price (last 7 days):</strong> their calls count as cost unknown.
          <ul className="unpriced">
            {unpriced.map((m) => (
              <li key={m.model}>
                <code>{m.model}</code>{' '}
                <span className="muted small">
                  ({m.provider}, {formatCount(m.calls)} calls)
                </span>{' '}
                {m.pricedNow ? (
                  <span className="muted small">priced now: re-price to cost the stored calls</span>
                ) : (
                  <button type="button" className="link-button" onClick={() => addRow(m.model, m.provider)}>
                    Add a price
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h3 className="small-heading">Overrides and custom models</h3>
      {readOnly ? <p className="muted small">Read-only: changing prices needs the admin scope.</p> : null}
      <fieldset className="plain" disabled={readOnly}>
        {rows.length === 0 ? (
          <p className="muted small">
            None: every model is priced by the shipped catalog. Override a rate (a negotiated price) or add a
            model the catalog lacks.
          </p>
        ) : (
          <DataTable
            columns={['Model', 'Provider', ...rateColumns, { label: 'Remove', hidden: true }]}
            className="price-editor"
          >
            {rows.map((row, i) => (
              <tr key={row.key}>
                <td>
                  <input
                    aria-label={`Row ${i + 1} model`}
                    aria-invalid={errorOf(row.key, 'model') ? true : undefined}
                    title={errorOf(row.key, 'model')}
                    value={row.model}
                    onChange={(event) => update(row.key, { model: event.target.value })}
                    onBlur={() => prefill(row)}
                  />
                  {errorOf(row.key, 'model') ? (
                    <div className="field-error">{errorOf(row.key, 'model')}</div>
                  ) : null}
                </td>
                <td>
                  <input
                    aria-label={`Row ${i + 1} provider`}
                    value={row.provider}
                    onChange={(event) => update(row.key, { provider: event.target.value })}
                  />
                </td>
                {rateFields.map((field) => (
                  <td key={field} className="num">
                    <input
                      className="rate"
                      inputMode="decimal"
                      aria-label={`Row ${i + 1} ${rateLabels[field]} rate`}
                      aria-invalid={errorOf(row.key, field) ? true : undefined}
                      title={errorOf(row.key, field)}
                      value={row.rates[field]}
                      placeholder={field === 'input' || field === 'output' ? 'required' : ''}
                      onChange={(event) =>
                        update(row.key, { rates: { ...row.rates, [field]: event.target.value } })
                      }
                    />
                    {errorOf(row.key, field) ? (
                      <div className="field-error">{errorOf(row.key, field)}</div>
                    ) : null}
                  </td>
                ))}
                <td>
                  <button
                    type="button"
                    aria-label={`Remove row ${i + 1}`}
                    onClick={() => setRows(rows.filter((r) => r.key !== row.key))}
                  >
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <div className="row form-actions">
          <button type="button" onClick={() => addRow()}>
            Add a model
          </button>
          <button type="button" className="primary" onClick={save}>
            Save prices
          </button>
          <button type="button" onClick={recompute}>
            Re-price the last 7 days
          </button>
        </div>
      </fieldset>
      <p className="hint">
        Empty cached input and cache write fall back to the input rate, reasoning to the output rate, as
        providers bill them. A model name typed here that the catalog knows starts from its catalog rates.
      </p>
      <NoticeText notice={change.notice} />
      <details className="catalog">
        <summary>Every price in effect ({prices.data.models.length} models)</summary>
        <InputField
          label="Search models"
          type="search"
          value={search}
          onChange={setSearch}
          placeholder="gpt-4o"
        />
        <DataTable columns={['Model', 'Provider', ...rateColumns, 'Source']} scrollClassName="catalog-table">
          {shown.map((entry) => (
            <tr key={entry.model}>
              <td className="mono small">
                {entry.model}
                {entry.tiers?.length ? <span className="muted"> · long-context tier</span> : null}
              </td>
              <td>{entry.provider ?? ''}</td>
              {rateFields.map((field) => (
                <td key={field} className="num">
                  {entry[field] ?? <span className="muted">–</span>}
                </td>
              ))}
              <td>{entry.source}</td>
            </tr>
          ))}
        </DataTable>
      </details>
    </SectionCard>
  )
}
