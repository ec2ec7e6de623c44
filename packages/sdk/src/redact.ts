/**
 * One kind of sensitive text. `pattern` finds candidates; `keep`, when set,
 * returns how many leading characters of a candidate form a valid value (0 =
 * none), for kinds only a checksum can tell from ordinary numbers.
 */
interface Rule {
  label: string
  pattern: RegExp
  keep?: (candidate: string) => number
}

// Order matters: secrets first, because a JWT or a key can hold digit runs the
// card and phone rules would otherwise take; cards and IBANs before phones,
// whose rule is the loosest.
const RULES: Rule[] = [
  { label: 'token', pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g },
  { label: 'token', pattern: /(?<=\bBearer\s+)[A-Za-z0-9._~+/-]{8,}=*/gi },
  // OpenAI (sk-…, sk-proj-…), Anthropic (sk-ant-…), Stripe and Vigil (vk_live_…) keys.
  { label: 'api_key', pattern: /\b(?:sk|rk|pk)-[A-Za-z0-9_-]{16,}/g },
  { label: 'api_key', pattern: /\b(?:sk|rk|pk|vk)_(?:live|test)_[A-Za-z0-9]{8,}/g },
  { label: 'api_key', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  { label: 'api_key', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g },
  { label: 'api_key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { label: 'api_key', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  // Bounded repeats (RFC 5321 limits) keep the scan linear on long runs of word characters, e.g. base64.
  {
    label: 'email',
    pattern: /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g,
  },
  { label: 'iban', pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g, keep: validIbanPrefix },
  { label: 'card', pattern: /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/g, keep: validCardPrefix },
  // International (+ and country code), or national written in groups (555-123-4567,
  // 06 12 34 56 78), or a 10-11 digit run with a trunk 0. Digit counts keep dates
  // (2024-01-15) out; `(?![\d:])` keeps times (2024-01-15 12:30) out.
  {
    label: 'phone',
    pattern:
      /(?<![\w+])(?:\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){1,2}(?:[ .-]?\d{2,4}){1,4}|\(?\d{2,4}\)?[ .-]\d{2,4}(?:[ .-]\d{2,4}){1,3}|0\d{9,10})(?![\d:])/g,
    keep: (candidate) => {
      const digits = candidate.replace(/\D/g, '').length
      return digits >= 9 && digits <= 15 ? candidate.length : 0
    },
  },
]

/**
 * Replaces personal data and secrets in a text with `[REDACTED:<kind>]`:
 * e-mail addresses, phone numbers, payment card numbers (Luhn-checked), IBANs
 * (checksum-checked), and API keys and tokens (`sk-…`, `Bearer …`, AWS `AKIA…`,
 * GitHub `ghp_…`, JWTs, and a few more). This is what Vigil runs on captured
 * content before the app's own `redact`; apps can reuse it, e.g. on log lines.
 * Pattern-based, so it errs on the side of redacting: ten-digit order numbers
 * written in groups can be taken for phone numbers.
 *
 * @example
 * ```ts
 * redactText('Mail jane@example.com, card 4111 1111 1111 1111')
 * // 'Mail [REDACTED:email], card [REDACTED:card]'
 * ```
 */
export function redactText(text: string): string {
  if (typeof text !== 'string') return ''
  let result = text
  for (const { label, pattern, keep } of RULES) {
    result = result.replace(pattern, (candidate) => {
      const kept = keep === undefined ? candidate.length : keep(candidate)
      return kept === 0 ? candidate : `[REDACTED:${label}]${candidate.slice(kept)}`
    })
  }
  return result
}

/** Length of the longest prefix of `candidate` (ending on a digit) that is a Luhn-valid 13-19 digit number. */
function validCardPrefix(candidate: string): number {
  for (let end = candidate.length; end > 0; end--) {
    if (!/\d/.test(candidate[end - 1] ?? '')) continue
    const digits = candidate.slice(0, end).replace(/\D/g, '')
    if (digits.length < 13) return 0
    if (digits.length <= 19 && luhn(digits)) return end
  }
  return 0
}

/** Length of the longest prefix of `candidate` that is an IBAN with a valid ISO 13616 check (mod 97 = 1). */
function validIbanPrefix(candidate: string): number {
  for (let end = candidate.length; end > 0; end--) {
    const compact = candidate.slice(0, end).replace(/ /g, '')
    if (compact.length < 15) return 0
    if (compact.length <= 34 && !candidate.slice(0, end).endsWith(' ') && ibanChecksumOk(compact)) return end
  }
  return 0
}

function luhn(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}

function ibanChecksumOk(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4)
  let remainder = 0
  for (const char of rearranged) {
    // Letters count as two digits (A = 10 … Z = 35).
    const value = Number.parseInt(char, 36)
    if (Number.isNaN(value)) return false
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97
  }
  return remainder === 1
}
