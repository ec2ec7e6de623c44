import { useState } from 'react'

/**
 * Copies `text` to the clipboard and says so. The Clipboard API needs a
 * secure context (https or localhost); elsewhere the text is selected for a
 * manual copy instead of failing silently.
 */
export function CopyButton({
  text,
  label = 'Copy',
  targetId,
}: {
  text: string
  label?: string
  targetId?: string
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle')
  async function copy() {
    try {
      await navigator.clipboard.writeText(text)
      setState('copied')
    } catch {
      const target = targetId ? document.getElementById(targetId) : null
      if (target) {
        const range = document.createRange()
        range.selectNodeContents(target)
        const selection = window.getSelection()
        selection?.removeAllRanges()
        selection?.addRange(range)
      }
      setState('manual')
    }
    setTimeout(() => setState('idle'), 2500)
  }
  return (
    <button type="button" onClick={copy} className="copy-button">
      {state === 'copied' ? 'Copied' : state === 'manual' ? 'Press Ctrl+C' : label}
      <span className="visually-hidden" role="status">
        {state === 'copied' ? 'Copied to the clipboard' : ''}
      </span>
    </button>
  )
}
