/**
 * Where a page of the call list ended: the last row's position in the
 * (start_time DESC, span_id DESC) order, which is unique per row. The next page
 * is the rows strictly after it, so a call ingested meanwhile with a newer time
 * lands before the first page and never shifts or repeats later ones (an
 * OFFSET would). `windowFromMs` pins the start of a window the client let
 * default to "24 h before now", which otherwise moves between pages.
 */
export interface CallCursor {
  /** start_time of the last row, decimal Unix nanoseconds. */
  startTimeNs: string
  spanId: string
  windowFromMs: number
}

const INT64_MAX = 2n ** 63n - 1n
const SPAN_ID = /^[0-9a-f]{16}$/

/** Opaque to clients: base64url of a small JSON object, versioned so the format can change. */
export function encodeCallCursor(cursor: CallCursor): string {
  const json = JSON.stringify({ v: 1, t: cursor.startTimeNs, s: cursor.spanId, f: cursor.windowFromMs })
  return Buffer.from(json).toString('base64url')
}

/** The cursor `text` encodes, or undefined when it is not one this API issued. */
export function decodeCallCursor(text: string): CallCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(text)) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined
  const { v, t, s, f } = parsed as Record<string, unknown>
  if (v !== 1 || typeof t !== 'string' || typeof s !== 'string' || typeof f !== 'number') return undefined
  if (!/^\d{1,19}$/.test(t) || BigInt(t) > INT64_MAX) return undefined
  if (!SPAN_ID.test(s) || !Number.isSafeInteger(f) || f < 0) return undefined
  return { startTimeNs: t, spanId: s, windowFromMs: f }
}
