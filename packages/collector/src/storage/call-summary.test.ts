import { describe, expect, it } from 'vitest'
import { previewText } from './call-summary.js'

describe('previewText', () => {
  it('makes one line and cuts long text at 200 characters', () => {
    expect(previewText('  Where is\n\nmy   refund? ')).toBe('Where is my refund?')
    const cut = previewText('é'.repeat(300))
    expect(cut).toBe(`${'é'.repeat(200)}…`)
    expect(previewText('😀'.repeat(201))).toBe(`${'😀'.repeat(200)}…`)
  })

  it('is null for no text', () => {
    expect(previewText('')).toBeNull()
    expect(previewText(' \n ')).toBeNull()
  })
})
