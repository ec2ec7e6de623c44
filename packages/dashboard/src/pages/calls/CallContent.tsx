import type { CallDetail } from './call-types.js'
import { type MessagePart, parseMessages } from './genai-messages.js'

/**
 * The prompt and the answer, as the conversation they are, when the app
 * captured them; otherwise how to turn capture on (it is off by default, so
 * that no prompt leaves an app without a decision to send it).
 */
export function CallContent({ content }: { content: CallDetail['content'] }) {
  if (content.input === null && content.output === null) {
    return (
      <div className="capture-off">
        <p>
          <strong>Content capture is off</strong> for this call, so its prompt and answer were not recorded
          (only counts, timing and cost).
        </p>
        <p>
          To record them, turn it on in the SDK:{' '}
          <code>
            init({'{'} captureContent: true {'}'})
          </code>
          , or set <code>VIGIL_CAPTURE_CONTENT=true</code> in the app’s environment. The SDK redacts e-mail
          addresses, phone and card numbers, and keys before anything leaves the app; add your own rules with
          the <code>redact</code> option.
        </p>
      </div>
    )
  }
  return (
    <div className="content-panes">
      <MessagesPane title="Input" json={content.input} />
      <MessagesPane title="Output" json={content.output} />
    </div>
  )
}

function MessagesPane({ title, json }: { title: string; json: string | null }) {
  if (json === null) {
    return (
      <section className="messages" aria-label={title}>
        <h3>{title}</h3>
        <p className="muted">Not captured (the call may have failed before answering).</p>
      </section>
    )
  }
  const parsed = parseMessages(json)
  return (
    <section className="messages" aria-label={title}>
      <h3>{title}</h3>
      {parsed.kind === 'raw' ? (
        <pre>{parsed.text}</pre>
      ) : (
        <ol className="message-list">
          {parsed.messages.map((message, i) => (
            // Messages have no ids; their order is their identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={i} className={`message role-${message.role}`}>
              <div className="message-role">
                {message.role}
                {message.finishReason ? <span className="muted"> · {message.finishReason}</span> : null}
              </div>
              {message.parts.map((part, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: parts are positional too
                <Part key={j} part={part} />
              ))}
            </li>
          ))}
        </ol>
      )}
      <details className="raw-json">
        <summary>Raw JSON</summary>
        <pre>{json}</pre>
      </details>
    </section>
  )
}

function Part({ part }: { part: MessagePart }) {
  switch (part.kind) {
    case 'text':
      return <div className="message-text">{part.text}</div>
    case 'tool_call':
      return (
        <div className="message-tool">
          <div className="muted">
            calls tool <code>{part.name}</code>
            {part.id ? ` (${part.id})` : ''}
          </div>
          {part.body ? <pre>{part.body}</pre> : null}
        </div>
      )
    case 'tool_result':
      return (
        <div className="message-tool">
          <div className="muted">tool result{part.id ? ` (${part.id})` : ''}</div>
          <pre>{part.body}</pre>
        </div>
      )
    default:
      return (
        <div className="message-tool">
          <div className="muted">{part.type}</div>
          <pre>{part.body}</pre>
        </div>
      )
  }
}
