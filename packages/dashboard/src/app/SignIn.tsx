import { type FormEvent, useState } from 'react'
import { ApiError, api, signIn } from '../api/api-client.js'
import { useAction } from '../state/use-action.js'
import { NoticeText, SubmitButton } from '../ui/feedback.js'

/**
 * The key is checked against the API before it is kept (in this browser's
 * localStorage only). A key needs the `read` scope; `admin` also unlocks
 * alert rules, keys and prices.
 */
export function SignIn({ onSignedIn }: { onSignedIn(): void }) {
  const [key, setKey] = useState('')
  const check = useAction()

  async function submit(event: FormEvent) {
    event.preventDefault()
    await check.run(async () => {
      await api.whoAmI(key.trim())
      signIn(key.trim())
      onSignedIn()
    }, describeSignInError)
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
        <NoticeText notice={check.notice} />
        <SubmitButton busy={check.busy} busyLabel="Checking…" disabled={key.trim().length === 0}>
          Sign in
        </SubmitButton>
        <p className="hint">
          The collector printed a key at its first start (or uses <code>VIGIL_API_KEY</code>). The key stays
          in this browser.
        </p>
      </form>
    </main>
  )
}

function describeSignInError(reason: unknown): string {
  if (reason instanceof ApiError && reason.status === 401) return 'This key is not valid (or was revoked).'
  if (reason instanceof ApiError && reason.status === 403)
    return 'This key cannot read: use a key with the read or admin scope.'
  return `Could not reach the collector: ${(reason as Error).message}`
}
