import { CopyButton } from '../../ui/CopyButton.js'
import { SectionCard } from '../../ui/SectionCard.js'
import type { ScopeDimension } from './readiness-types.js'
import { gateCommand } from './readiness-view.js'

/** The same verdict as a CI step: the command, and what its exit codes mean. */
export function GateHint({
  useCase,
  window,
  scope,
  compare,
}: {
  useCase: string
  window: string | undefined
  scope: Partial<Record<ScopeDimension, string>>
  compare: { dimension: ScopeDimension; values: string[] } | undefined
}) {
  const command = gateCommand({ useCase, endpoint: location.origin, window, scope, compare })
  return (
    <SectionCard id="gate" title="In CI/CD" note="block a deploy that is not ready" className="gate-hint">
      <div className="command-row">
        <pre id="gate-command">
          <code>{command}</code>
        </pre>
        <CopyButton text={command} targetId="gate-command" />
      </div>
      <p className="hint">
        With a read key in <code>VIGIL_API_KEY</code>. Exits 0 when ready, 1 when not ready, 3 on insufficient
        data, 4 when the collector cannot answer
        {compare ? '; with --compare, the verdict of the last value' : ''}.
      </p>
    </SectionCard>
  )
}
