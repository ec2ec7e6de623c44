/**
 * Cells of one attempt at the edit-distance table (a few ms on one core):
 * a correction is recorded on the app's thread, so its cost must stay bounded
 * whatever the length of the texts.
 */
const MAX_CELLS = 500_000

/**
 * How much of a model's output a person changed: the edit (Levenshtein)
 * distance between the two texts over the longer one's length, so 0 when
 * nothing changed and 1 when nothing was kept. Counted in characters; for
 * long texts with many changes, in words (a word changed counts as one edit
 * of a word), so a long reply costs no more than a short one; beyond that,
 * texts that far apart are estimated from their common beginning and end,
 * which overstates the change.
 *
 * @example
 * ```ts
 * changeRatio('Your refund is on its way.', 'Your refund was sent today.') // ≈ 0.33
 * ```
 */
export function changeRatio(original: string, corrected: string): number {
  if (original === corrected) return 0
  const longest = Math.max(original.length, corrected.length)
  const chars = trimCommon(charCodes(original), charCodes(corrected))
  const inChars = editDistance(chars.a, chars.b)
  if (inChars !== undefined) return inChars / longest
  const [wordsA, wordsB] = wordIds(original, corrected)
  const trimmed = trimCommon(wordsA, wordsB)
  const inWords = editDistance(trimmed.a, trimmed.b)
  if (inWords !== undefined) return inWords / Math.max(wordsA.length, wordsB.length)
  return Math.max(chars.a.length, chars.b.length) / longest
}

function charCodes(text: string): Uint32Array {
  const out = new Uint32Array(text.length)
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i)
  return out
}

/** Both texts as word numbers (a word with the spaces after it, so spacing counts), equal words equal numbers. */
function wordIds(a: string, b: string): [Uint32Array, Uint32Array] {
  const ids = new Map<string, number>()
  const number = (text: string) =>
    Uint32Array.from(text.match(/\S+\s*|\s+/g) ?? [], (word) => {
      let id = ids.get(word)
      if (id === undefined) {
        id = ids.size
        ids.set(word, id)
      }
      return id
    })
  return [number(a), number(b)]
}

/** The two sequences without their common beginning and end (they cost nothing). */
function trimCommon(a: Uint32Array, b: Uint32Array): { a: Uint32Array; b: Uint32Array } {
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  return { a: a.subarray(start, endA), b: b.subarray(start, endB) }
}

/**
 * The edit distance, or undefined when finding it would take more than
 * MAX_CELLS cells. Only a band of the table around its diagonal is computed,
 * doubled until the distance fits in it (Ukkonen), so few edits in long
 * texts cost little.
 */
function editDistance(a: Uint32Array, b: Uint32Array): number | undefined {
  const n = Math.max(a.length, b.length)
  if (a.length === 0 || b.length === 0) return n
  for (let band = Math.max(Math.abs(a.length - b.length), 16); (2 * band + 1) * n <= MAX_CELLS; band *= 2) {
    const found = bandedDistance(a, b, band)
    if (found !== undefined) return found
    if (band >= n) return undefined
  }
  return undefined
}

/** Levenshtein distance if it is at most `band`, else undefined; two rows, band cells each. */
function bandedDistance(a: Uint32Array, b: Uint32Array, band: number): number | undefined {
  const m = b.length
  const beyond = band + 1
  let previous = new Uint32Array(m + 2).fill(beyond)
  let current = new Uint32Array(m + 2).fill(beyond)
  for (let j = 0; j <= Math.min(m, band); j++) previous[j] = j
  for (let i = 1; i <= a.length; i++) {
    const low = Math.max(1, i - band)
    const high = Math.min(m, i + band)
    // The cells just outside the band may hold values from two rows ago.
    current[low - 1] = low === 1 && i <= band ? i : beyond
    current[high + 1] = beyond
    let rowMin = current[low - 1] as number
    const item = a[i - 1]
    for (let j = low; j <= high; j++) {
      let value = (previous[j - 1] as number) + (item === b[j - 1] ? 0 : 1)
      const deletion = (previous[j] as number) + 1
      if (deletion < value) value = deletion
      const insertion = (current[j - 1] as number) + 1
      if (insertion < value) value = insertion
      if (beyond < value) value = beyond
      current[j] = value
      if (value < rowMin) rowMin = value
    }
    if (rowMin > band) return undefined
    const row = previous
    previous = current
    current = row
  }
  const found = previous[m] as number
  return found <= band ? found : undefined
}
