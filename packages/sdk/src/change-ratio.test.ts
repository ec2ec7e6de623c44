import { describe, expect, it } from 'vitest'
import { changeRatio } from './change-ratio.js'

/** The textbook table, for checking on small inputs. */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
    }
    previous = current
  }
  return previous[b.length] as number
}

describe('changeRatio', () => {
  it('is the edit distance over the longer text: 0 unchanged, 1 nothing kept', () => {
    expect(changeRatio('same', 'same')).toBe(0)
    expect(changeRatio('', '')).toBe(0)
    expect(changeRatio('abc', '')).toBe(1)
    expect(changeRatio('abc', 'xyz')).toBe(1)
    expect(changeRatio('kitten', 'sitting')).toBeCloseTo(3 / 7, 12)
  })

  it('matches the full table on random texts', () => {
    let seed = 7
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed / 2 ** 31
    }
    const text = () =>
      Array.from({ length: Math.floor(random() * 80) }, () => 'abc '[Math.floor(random() * 4)]).join('')
    for (let i = 0; i < 500; i++) {
      const a = text()
      const b = random() < 0.5 ? text() : `${a.slice(0, 20)}x${a.slice(23)}`
      const longest = Math.max(a.length, b.length)
      expect(changeRatio(a, b), `${a} → ${b}`).toBeCloseTo(
        longest === 0 ? 0 : levenshtein(a, b) / longest,
        12,
      )
    }
  })

  it('stays exact for a few edits in a long text, and bounded for long texts that differ throughout', () => {
    const reply = 'Thanks for your patience. '.repeat(300)
    expect(changeRatio(reply, `Hi Anna! ${reply}Best, Sam`)).toBeCloseTo(18 / (reply.length + 18), 12)
    // Longer still, words are counted: 4 words added to 2,400.
    const long = reply.repeat(2)
    expect(changeRatio(long, `Hi Anna! ${long}Best, Sam`)).toBeCloseTo(4 / 2404, 12)
    const a = Array.from({ length: 4000 }, (_, i) => `w${i % 97}`).join(' ')
    const b = Array.from({ length: 4000 }, (_, i) => `w${(i * 7) % 89}`).join(' ')
    const ratio = changeRatio(a, b)
    expect(ratio).toBeGreaterThan(0.5)
    expect(ratio).toBeLessThanOrEqual(1)
  })
})
