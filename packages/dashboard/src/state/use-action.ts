import { useState } from 'react'
import { describeActionError } from '../ui/action-error.js'

/**
 * A change sent to the API from a form or a button: `busy` while it runs,
 * then a notice of how it went. A refusal reads in the dashboard's terms
 * (`describeActionError`: a read-only key, a rule from the config file);
 * a success shows only when the change says what it did.
 */

export interface Notice {
  kind: 'ok' | 'error'
  text: string
}

export interface Action {
  busy: boolean
  notice: Notice | undefined
  /**
   * Runs `change`, clearing the last notice first. The text it returns
   * becomes an `ok` notice; what it throws, an `error` notice (`describe`).
   */
  run(
    change: () => Promise<string | undefined> | Promise<void>,
    describe?: (reason: unknown) => string,
  ): Promise<void>
  /** A problem found before anything was sent (a missing field). */
  fail(text: string): void
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState<Notice | undefined>()
  return {
    busy,
    notice,
    async run(change, describe = describeActionError) {
      setNotice(undefined)
      setBusy(true)
      try {
        const done = await change()
        if (typeof done === 'string') setNotice({ kind: 'ok', text: done })
      } catch (reason) {
        setNotice({ kind: 'error', text: describe(reason) })
      } finally {
        setBusy(false)
      }
    },
    fail: (text) => setNotice({ kind: 'error', text }),
  }
}
