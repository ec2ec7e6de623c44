import { describe, expect, it } from 'vitest'
import { contentSearchClause, searchWords } from './content-search.js'

describe('searchWords', () => {
  it('splits at ASCII punctuation and spaces, keeping non-ASCII letters in words', () => {
    expect(searchWords('Refund, order #A-1234!')).toEqual(['Refund', 'order', 'A', '1234'])
    expect(searchWords('Käse-Brot')).toEqual(['Käse', 'Brot'])
    expect(searchWords("' OR 1=1 --")).toEqual(['OR', '1', '1'])
    expect(searchWords('---')).toEqual([])
  })
})

describe('contentSearchClause', () => {
  it('checks ASCII words through the lower() token index and the whole text as a substring', () => {
    const { condition, params } = contentSearchClause('Refund Policy')
    expect(condition).toContain('hasToken(lower(input_content), {qWord0:String})')
    expect(condition).toContain('hasToken(lower(output_content), {qWord1:String})')
    expect(condition).toContain('positionCaseInsensitiveUTF8(input_content, {q:String}) > 0')
    expect(params).toEqual({ q: 'Refund Policy', qWord0: 'refund', qWord1: 'policy' })
  })

  it('checks non-ASCII words on lowerUTF8, which the index does not cover', () => {
    const { condition, params } = contentSearchClause('Käse')
    expect(condition).toContain('hasToken(lowerUTF8(input_content), lowerUTF8({qWord0:String}))')
    expect(params.qWord0).toBe('Käse')
  })

  it('never puts the searched text into the SQL', () => {
    const text = "x' OR 1=1; DROP TABLE calls; --"
    const { condition } = contentSearchClause(text)
    expect(condition).not.toContain('DROP')
    expect(condition).not.toContain("'")
  })
})
