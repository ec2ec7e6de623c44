import { useState } from 'react'
import { api, storedKey } from '../api/api-client.js'
import { useLinkHandler } from '../app/router.js'
import { useApi } from '../state/use-api.js'
import '../pages/overview/overview.css'

/**
 * What a new project needs first: the lines that send an app's model calls
 * here, with this collector's URL and the signed-in key filled in, ready to
 * copy. The key shows masked (screens get shared) but copies whole.
 */

export interface InstrumentSnippetProps {
  /** The collector's base URL; default this page's origin (the collector serves the dashboard). */
  endpoint?: string
  /** The key to fill in; default the signed-in one. */
  apiKey?: string
}

export function InstrumentSnippet({ endpoint = location.origin, apiKey }: InstrumentSnippetProps) {
  const key = apiKey ?? storedKey() ?? '<your API key>'
  const [revealed, setRevealed] = useState(false)
  const onLink = useLinkHandler()
  // Only the signed-in key can be checked; a read-only key would send nothing.
  const whoAmI = useApi(() => (apiKey ? Promise.resolve(undefined) : api.whoAmI(key)), [key, apiKey])
  const canIngest = whoAmI.data?.key.scopes.includes('ingest') ?? true
  const shown = revealed ? key : maskKey(key)

  return (
    <div className="instrument">
      <div className="instrument-head">
        <h3>Send your app’s model calls to Vigil</h3>
        <button
          type="button"
          className="link-button"
          onClick={() => setRevealed(!revealed)}
          aria-pressed={revealed}
        >
          {revealed ? 'Hide key' : 'Show key'}
        </button>
      </div>
      {canIngest ? null : (
        <p className="warning-note" role="note">
          The key you signed in with cannot send data (it has no <code>ingest</code> scope). Create a key with
          the ingest scope in{' '}
          <a href="/settings" onClick={onLink}>
            Settings
          </a>{' '}
          and use it here instead.
        </p>
      )}
      <div className="instrument-options">
        <Snippet
          title="With the Vigil SDK (Node.js)"
          hint="Every call of the wrapped client becomes a span with model, tokens, cost, latency and errors."
          code={sdkSnippet(endpoint, shown)}
          copyText={sdkSnippet(endpoint, key)}
        />
        <Snippet
          title="Or with any OpenTelemetry exporter"
          hint="GenAI spans (gen_ai.* attributes) from OpenLLMetry, OpenInference, the Vercel AI SDK and others."
          code={otelSnippet(endpoint, shown)}
          copyText={otelSnippet(endpoint, key)}
        />
      </div>
      <p className="hint">
        Keep keys out of source control: <code>init()</code> also reads <code>VIGIL_ENDPOINT</code> and{' '}
        <code>VIGIL_API_KEY</code> from the environment. Calls show up here within seconds.
      </p>
    </div>
  )
}

function Snippet(props: { title: string; hint: string; code: string; copyText: string }) {
  const [copied, setCopied] = useState<'ok' | 'failed' | undefined>()
  return (
    <div className="snippet">
      <div className="snippet-head">
        <h4>{props.title}</h4>
        <button
          type="button"
          onClick={async () => {
            const ok = await copyToClipboard(props.copyText)
            setCopied(ok ? 'ok' : 'failed')
            setTimeout(() => setCopied(undefined), 2000)
          }}
          aria-label={`Copy: ${props.title}`}
        >
          {copied === 'ok' ? 'Copied ✓' : 'Copy'}
        </button>
      </div>
      <pre>
        <code>{props.code}</code>
      </pre>
      <p className="hint">{props.hint}</p>
      <span className="visually-hidden" role="status">
        {copied === 'ok'
          ? 'Copied to the clipboard'
          : copied === 'failed'
            ? 'Could not copy: select the text'
            : ''}
      </span>
    </div>
  )
}

export function sdkSnippet(endpoint: string, key: string): string {
  return [
    "import OpenAI from 'openai'",
    "import { init, observeOpenAI } from '@vigil/sdk'",
    '',
    `init({ endpoint: '${endpoint}', apiKey: '${key}', serviceName: 'my-app' })`,
    "const openai = observeOpenAI(new OpenAI(), { useCase: 'my-feature' })",
  ].join('\n')
}

export function otelSnippet(endpoint: string, key: string): string {
  // Header values are URL-encoded in this variable (OTLP exporter spec), hence %20 for the space.
  return [
    `export OTEL_EXPORTER_OTLP_ENDPOINT=${endpoint}`,
    `export OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer%20${key}"`,
  ].join('\n')
}

/** The start and end of a key, enough to recognise it. */
export function maskKey(key: string): string {
  if (key.length < 16 || key.startsWith('<')) return key
  return `${key.slice(0, 8)}••••••••${key.slice(-4)}`
}

/** The async clipboard needs a secure context (https or localhost); elsewhere, the old way. */
async function copyToClipboard(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text)
      return true
    }
  } catch {
    // Denied: try the fallback.
  }
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  document.body.append(area)
  area.select()
  try {
    return document.execCommand('copy')
  } catch {
    return false
  } finally {
    area.remove()
  }
}
