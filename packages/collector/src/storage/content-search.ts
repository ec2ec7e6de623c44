/**
 * The free-text search over captured content (`q` of the call list), as a
 * WHERE condition. A call matches when its input or its output contains the
 * text, ignoring case, and every word of the text is a whole word there
 * (`refund` finds "Refund issued." but not "refunds"): whole words are what
 * the `tokenbf_v1` indexes on `lower(input_content)` / `lower(output_content)`
 * (migration 002) can answer, so a search for a rare word skips the granules
 * without it instead of decompressing every prompt of the window.
 *
 * Words split like ClickHouse's token filter: at every ASCII character that is
 * not a letter or digit; bytes of non-ASCII characters are part of words.
 * `lower()` folds ASCII only, so only all-ASCII words can use the index; the
 * others are checked on `lowerUTF8`, which folds every case.
 */
export function contentSearchClause(text: string): { condition: string; params: Record<string, string> } {
  const params: Record<string, string> = { q: text }
  const words = [...new Set(searchWords(text))]
  const perColumn = (column: string) => {
    const checks = words.map((word, i) => {
      const name = `qWord${i}`
      params[name] = isAscii(word) ? word.toLowerCase() : word
      return isAscii(word)
        ? `hasToken(lower(${column}), {${name}:String})`
        : `hasToken(lowerUTF8(${column}), lowerUTF8({${name}:String}))`
    })
    // The exact check keeps the words' order and the characters between them.
    checks.push(`positionCaseInsensitiveUTF8(${column}, {q:String}) > 0`)
    return `(${checks.join(' AND ')})`
  }
  return { condition: `(${perColumn('input_content')} OR ${perColumn('output_content')})`, params }
}

/** The words of `text` as ClickHouse's token filter splits them. */
export function searchWords(text: string): string[] {
  return text.split(/[^A-Za-z0-9\u0080-\uffff]+/).filter((word) => word !== '')
}

function isAscii(word: string): boolean {
  return /^[A-Za-z0-9]+$/.test(word)
}
