import { useId } from 'react'
import { CopyButton } from '../../ui/CopyButton.js'

/**
 * A key just issued: shown this once (the collector keeps only its hash),
 * with a copy button and a warning, until the person says they have it.
 */
export function NewSecret({ what, secret, onDone }: { what: string; secret: string; onDone(): void }) {
  const id = useId()
  return (
    <div className="new-secret" role="alert">
      <p>
        <strong>{what} was created. Copy it now: it will not be shown again.</strong> Store it in your secret
        manager; whoever has it can act with its scopes.
      </p>
      <div className="command-row">
        <pre id={id}>
          <code>{secret}</code>
        </pre>
        <CopyButton text={secret} targetId={id} />
      </div>
      <button type="button" onClick={onDone}>
        I have stored it
      </button>
    </div>
  )
}
