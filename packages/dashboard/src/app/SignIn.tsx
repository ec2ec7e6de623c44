import { type FormEvent, useState } from 'react'
import { ApiError, api, signIn } from '../api/api-client.js'

/**
 * The key is checked against the API before it is kept (in this browser's
 * localStorage only). A key needs the `read` scope; `admin` also unlocks
 * alert rules, keys and prices.
 */
export function SignIn({ onSignedIn }: { onSignedIn(): void }) {
  const [key, setKey] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await api.whoAmI(key.trim())
      signIn(key.trim())
      onSignedIn()
    } catch (reason) {
      setError(
        reason instanceof ApiError && reason.status === 401
          ? 'This key is not valid (or was revoked).'
          : reason instanceof ApiError && reason.status === 403
            ? 'This key cannot read: use a key with the read or admin scope.'
            : `Could not reach the collector: ${(reason as Error).message}`,
      )
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="sign-in" id="main">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Vigil</h1>
        <p>Sign in with an API key of your project.</p>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="current-password"
          value={key}
          onChange={(event) => setKey(event.target.value)}
          required
          minLength={16}
        />
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy || key.trim().length === 0}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        <p className="hint">
          The collector printed a key at its first start (or uses <code>VIGIL_API_KEY</code>). The key stays
          in this browser.
        </p>
      </form>
    </main>
  )
}
