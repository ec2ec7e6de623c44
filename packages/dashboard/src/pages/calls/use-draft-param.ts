import { useEffect, useRef, useState } from 'react'

/**
 * A typed filter (search text, a user id, a minimum) that reaches the URL,
 * and so the API, only once the user pauses or presses Enter: one request
 * per thought, not one per keystroke. The draft follows the URL when the URL
 * changes from elsewhere (clear filters, back button).
 */
export function useDraftParam(
  value: string | undefined,
  commit: (value: string | undefined) => void,
  delayMs = 600,
): { draft: string; setDraft(value: string): void; flush(): void } {
  const [draft, setDraftState] = useState(value ?? '')
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const commitRef = useRef(commit)
  commitRef.current = commit

  useEffect(() => {
    clearTimeout(timer.current)
    setDraftState(value ?? '')
  }, [value])
  useEffect(() => () => clearTimeout(timer.current), [])

  const apply = (text: string) => {
    clearTimeout(timer.current)
    const trimmed = text.trim()
    if (trimmed !== (value ?? '')) commitRef.current(trimmed === '' ? undefined : trimmed)
  }
  return {
    draft,
    setDraft: (text) => {
      setDraftState(text)
      clearTimeout(timer.current)
      timer.current = setTimeout(() => apply(text), delayMs)
    },
    flush: () => apply(draft),
  }
}
