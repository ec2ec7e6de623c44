import { describe, expect, it } from 'vitest'
import { redactText } from './redact.js'

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'

describe('redactText', () => {
  it.each([
    ['e-mail', 'write to jane.doe+bills@example.co.uk today', 'write to [REDACTED:email] today'],
    ['international phone', 'call +1 (555) 123-4567 now', 'call [REDACTED:phone] now'],
    ['phone with country code', 'UK office +44 20 7946 0958.', 'UK office [REDACTED:phone].'],
    ['national phone in groups', 'ring 555-123-4567', 'ring [REDACTED:phone]'],
    ['French mobile', 'mobile 06 12 34 56 78', 'mobile [REDACTED:phone]'],
    ['phone without separators', 'mobile 0612345678', 'mobile [REDACTED:phone]'],
    ['card with spaces', 'card 4111 1111 1111 1111 exp 12/29', 'card [REDACTED:card] exp 12/29'],
    ['card with dashes', 'card 4111-1111-1111-1111', 'card [REDACTED:card]'],
    ['15-digit card', 'amex 378282246310005', 'amex [REDACTED:card]'],
    ['IBAN in groups', 'IBAN DE89 3704 0044 0532 0130 00 please', 'IBAN [REDACTED:iban] please'],
    ['compact IBAN', 'to GB82WEST12345698765432', 'to [REDACTED:iban]'],
    ['OpenAI key', 'key sk-proj-abcdefghijklmnop1234 leaked', 'key [REDACTED:api_key] leaked'],
    ['Anthropic key', 'sk-ant-api03-abcdefghijklmnopqrstu', '[REDACTED:api_key]'],
    ['Vigil key', 'vk_live_abcdef123456', '[REDACTED:api_key]'],
    ['bearer token', 'Authorization: Bearer abc.def-ghi_123', 'Authorization: Bearer [REDACTED:token]'],
    ['AWS access key', 'aws AKIAIOSFODNN7EXAMPLE', 'aws [REDACTED:api_key]'],
    ['GitHub token', `gh ghp_${'a1B2'.repeat(9)}`, 'gh [REDACTED:api_key]'],
    ['JWT', `session ${JWT}`, 'session [REDACTED:token]'],
  ])('redacts a %s', (_kind, input, expected) => {
    expect(redactText(input)).toBe(expected)
  })

  it.each([
    ['a date', 'due 2024-01-15'],
    ['a date and time', 'at 2024-01-15 12:30'],
    ['an IP address', 'host 192.168.1.100'],
    ['a version', 'v1.2.3'],
    ['a short number', 'order 12345'],
  ])('leaves %s alone', (_kind, input) => {
    expect(redactText(input)).toBe(input)
  })

  it('does not take a number failing the Luhn check for a card', () => {
    expect(redactText('ref 4111 1111 1111 1112')).not.toContain('[REDACTED:card]')
  })

  it('does not take a code failing the IBAN checksum for an IBAN', () => {
    expect(redactText('code DE00 3704 0044 0532 0130 00')).not.toContain('[REDACTED:iban]')
  })

  it('redacts several kinds in one text', () => {
    expect(redactText('jane@example.com / +33 6 12 34 56 78 / 4111111111111111')).toBe(
      '[REDACTED:email] / [REDACTED:phone] / [REDACTED:card]',
    )
  })

  // How fast such runs are scanned (the patterns' repeats are bounded to keep it linear) is
  // a benchmark's question: tests here assert behaviour only, never durations.
  it('leaves a long run of word characters such as base64 alone', () => {
    const base64 = 'QUJD'.repeat(20_000)
    expect(redactText(base64)).toBe(base64)
  })

  it('returns an empty string for a non-string from JavaScript callers', () => {
    expect(redactText(42 as unknown as string)).toBe('')
  })
})
