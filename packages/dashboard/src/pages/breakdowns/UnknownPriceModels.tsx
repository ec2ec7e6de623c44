import { Fragment, useState } from 'react'
import {
  loadUnknownModels,
  MAX_RECOMPUTE_MS,
  type RecomputeResult,
  recomputeCosts,
} from '../../api/price-overrides.js'
import { describeRange, resolveRange } from '../../state/time-range.js'
import { useUrlState } from '../../state/url-state.js'
import { useApi } from '../../state/use-api.js'
import { useCurrentKey } from '../../state/use-current-key.js'
import { ErrorBox, Loading } from '../../ui/feedback.js'
import { formatCount, formatTime } from '../../ui/format.js'
import { numeric, TableHead } from '../../ui/TableHead.js'
import { AddPriceForm } from './AddPriceForm.js'

type Recompute =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'done'; result: RecomputeResult }
  | { state: 'failed'; error: Error }

/**
 * Models whose calls have no cost in the window (their cost is missing from
 * every total). An admin can price one here; stored calls keep no cost until
 * a recompute, which is offered right after.
 */
export function UnknownPriceModels({ onCostsChanged }: { onCostsChanged(): void }) {
  const url = useUrlState()
  const unknown = useApi(() => loadUnknownModels(resolveRange(url.range)), [JSON.stringify(url.range)])
  const admin = useCurrentKey().isAdmin ?? false
  const [editing, setEditing] = useState<string | undefined>()
  const [recompute, setRecompute] = useState<Recompute>({ state: 'idle' })

  const models = unknown.data?.models ?? []
  const waiting = models.filter((model) => model.pricedNow)

  async function runRecompute() {
    const window = resolveRange(url.range)
    const from = new Date(Math.max(window.from.getTime(), window.to.getTime() - MAX_RECOMPUTE_MS))
    setRecompute({ state: 'running' })
    try {
      setRecompute({ state: 'done', result: await recomputeCosts({ from, to: window.to }) })
      unknown.reload()
      onCostsChanged()
    } catch (reason) {
      setRecompute({ state: 'failed', error: reason as Error })
    }
  }

  return (
    <section className="card unknown-prices" id="unknown-prices" aria-labelledby="unknown-prices-title">
      <h2 id="unknown-prices-title">Models without a price</h2>
      {unknown.error && !unknown.data ? (
        <ErrorBox error={unknown.error} retry={unknown.reload} />
      ) : !unknown.data ? (
        <Loading what="models without a price" />
      ) : models.length === 0 ? (
        <p className="muted">Every model called in this window has a price: costs are complete.</p>
      ) : (
        <>
          <p className="hint">
            Calls of these models count in every total except cost.{' '}
            {admin
              ? 'Add a price (USD per million tokens, as the provider bills) to cost their calls.'
              : 'An admin key can add their prices here or in Settings.'}
          </p>
          <table className="unknown-table">
            <TableHead
              columns={['Model', 'Provider', numeric('Calls'), 'Last seen', { label: 'Price', hidden: true }]}
            />
            <tbody>
              {models.map((model) => (
                <Fragment key={`${model.provider}/${model.model}`}>
                  <tr>
                    <th scope="row">
                      <code>{model.model}</code>
                    </th>
                    <td>{model.provider || '–'}</td>
                    <td className="num">{formatCount(model.calls)}</td>
                    <td>{formatTime(model.lastSeen)}</td>
                    <td className="unknown-action">
                      {model.pricedNow ? (
                        <span className="badge ok">priced · recompute to cost stored calls</span>
                      ) : admin && editing !== model.model ? (
                        <button type="button" onClick={() => setEditing(model.model)}>
                          Add price
                        </button>
                      ) : null}
                    </td>
                  </tr>
                  {editing === model.model ? (
                    <tr className="price-form-row">
                      <td colSpan={5}>
                        <AddPriceForm
                          model={model.model}
                          provider={model.provider}
                          onCancel={() => setEditing(undefined)}
                          onSaved={() => {
                            setEditing(undefined)
                            setRecompute({ state: 'idle' })
                            unknown.reload()
                          }}
                        />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </>
      )}
      {admin && (waiting.length > 0 || recompute.state !== 'idle') ? (
        <RecomputeOffer
          models={waiting.map((model) => model.model)}
          range={
            url.range.kind === 'relative'
              ? `the ${describeRange(url.range).toLowerCase()}`
              : 'the selected window'
          }
          recompute={recompute}
          onRun={runRecompute}
        />
      ) : null}
    </section>
  )
}

function RecomputeOffer(props: { models: string[]; range: string; recompute: Recompute; onRun(): void }) {
  const { recompute } = props
  return (
    <div className="recompute" role="status">
      {recompute.state === 'done' ? (
        <p>
          <strong>Costs recomputed</strong> for {formatCount(recompute.result.scanned)} stored calls:{' '}
          {formatCount(recompute.result.repriced)} re-priced, {formatCount(recompute.result.unchanged)}{' '}
          unchanged
          {recompute.result.unknown > 0
            ? `, ${formatCount(recompute.result.unknown)} still without a price`
            : ''}
          .
        </p>
      ) : (
        <p>
          {props.models.length > 0 ? (
            <>
              <strong>{props.models.join(', ')}</strong> {props.models.length === 1 ? 'has' : 'have'} a price
              now: new calls are costed as they arrive. Calls already stored keep no cost until they are
              recomputed.
            </>
          ) : (
            'Recompute the stored calls with the current prices.'
          )}
        </p>
      )}
      {recompute.state === 'failed' ? <ErrorBox error={recompute.error} /> : null}
      {recompute.state === 'done' && props.models.length === 0 ? null : (
        <button
          type="button"
          className="primary"
          onClick={props.onRun}
          disabled={recompute.state === 'running'}
        >
          {recompute.state === 'running' ? 'Recomputing…' : `Recompute costs for ${props.range}`}
        </button>
      )}
    </div>
  )
}
