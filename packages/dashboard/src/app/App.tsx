import { Suspense, useEffect, useState } from 'react'
import { onSignOut, storedKey } from '../api/api-client.js'
import { RefreshContext } from '../state/use-api.js'
import { Loading } from '../ui/feedback.js'
import { Layout } from './Layout.js'
import { useLocation } from './router.js'
import { matchRoute } from './routes.js'
import { SignIn } from './SignIn.js'

const REFRESH_KEY = 'vigil.refreshSeconds'

/** Signed in: the layout and the page of the URL; else the sign-in screen. */
export function App() {
  const [key, setKey] = useState(storedKey)
  const { path } = useLocation()
  const [refreshSeconds, setRefreshSeconds] = useState(() => Number(localStorage.getItem(REFRESH_KEY) ?? 0))
  const [tick, setTick] = useState(0)

  useEffect(() => onSignOut(() => setKey(null)), [])
  useEffect(() => {
    localStorage.setItem(REFRESH_KEY, String(refreshSeconds))
    if (refreshSeconds <= 0) return
    const timer = setInterval(() => {
      // A hidden tab does not refresh: nobody is looking, and the collector has better things to do.
      if (document.visibilityState === 'visible') setTick((n) => n + 1)
    }, refreshSeconds * 1000)
    return () => clearInterval(timer)
  }, [refreshSeconds])

  if (!key) return <SignIn onSignedIn={() => setKey(storedKey())} />
  const match = matchRoute(path)
  return (
    <RefreshContext.Provider value={tick}>
      <Layout
        refreshSeconds={refreshSeconds}
        onRefreshSeconds={setRefreshSeconds}
        onRefreshNow={() => setTick((n) => n + 1)}
      >
        <Suspense fallback={<Loading what="page" />}>
          {match ? <match.route.page params={match.params} /> : <NotFound path={path} />}
        </Suspense>
      </Layout>
    </RefreshContext.Provider>
  )
}

function NotFound({ path }: { path: string }) {
  return (
    <section>
      <h1>Not found</h1>
      <p>
        Nothing lives at <code>{path}</code>. <a href="/">Go to the overview</a>.
      </p>
    </section>
  )
}
