import { describe, expect, it } from 'vitest'
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
} from './attributes.js'
import { ContentCapture, type ContentCaptureOptions, type GenAiMessage } from './content-capture.js'
import { createCaptureLogger } from './test-support/capture-logger.js'

function makeCapture(options: Partial<ContentCaptureOptions> = {}) {
  const logger = createCaptureLogger()
  const capture = new ContentCapture({
    enabled: true,
    redact: undefined,
    maxLength: 32_768,
    logger,
    ...options,
  })
  return { capture, logger }
}

/** The parsed JSON of a captured attribute. */
function captured(entry: [string, string] | undefined): unknown {
  expect(entry).toBeDefined()
  return JSON.parse(entry?.[1] ?? 'null')
}

describe('ContentCapture', () => {
  it('records nothing when capture is off', () => {
    const { capture } = makeCapture({ enabled: false })
    expect(capture.attribute('input', 'hello')).toBeUndefined()
  })

  it('stores messages as GenAI JSON in the attribute for their kind', () => {
    const { capture } = makeCapture()
    const messages: GenAiMessage[] = [
      { role: 'user', parts: [{ type: 'text', content: 'Where is my order?' }] },
    ]

    const entry = capture.attribute('input', messages)
    expect(entry?.[0]).toBe(ATTR_GEN_AI_INPUT_MESSAGES)
    expect(captured(entry)).toEqual(messages)
    expect(capture.attribute('output', 'x')?.[0]).toBe(ATTR_GEN_AI_OUTPUT_MESSAGES)
  })

  it('turns a string into one message with the role of its kind', () => {
    const { capture } = makeCapture()
    expect(captured(capture.attribute('output', 'Shipped.'))).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Shipped.' }] },
    ])
  })

  it('stores system instructions as a list of parts, as the conventions define them', () => {
    const { capture } = makeCapture()
    const entry = capture.attribute('system', [
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
    ])
    expect(entry?.[0]).toBe(ATTR_GEN_AI_SYSTEM_INSTRUCTIONS)
    expect(captured(entry)).toEqual([{ type: 'text', content: 'Be brief.' }])
  })

  it('redacts with the built-in patterns first, then with the caller redactor', () => {
    const seen: string[] = []
    const { capture } = makeCapture({
      redact: (text: string) => {
        seen.push(text)
        return text.replace(/CUST-\d+/g, '[customer]')
      },
    })

    const json = capture.attribute('input', 'I am jane@example.com, customer CUST-1234')?.[1]
    expect(json).toContain('I am [REDACTED:email], customer [customer]')
    expect(seen).toEqual(['I am [REDACTED:email], customer CUST-1234'])
  })

  it('redacts tool call arguments and tool results, keeping names and ids', () => {
    const { capture } = makeCapture()
    const parsed = captured(
      capture.attribute('input', [
        {
          role: 'assistant',
          parts: [
            { type: 'tool_call', id: 'call_1', name: 'lookup', arguments: { email: 'jane@example.com' } },
          ],
        },
        {
          role: 'tool',
          parts: [{ type: 'tool_call_response', id: 'call_1', response: 'card 4111111111111111' }],
        },
      ]),
    )
    expect(parsed).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', id: 'call_1', name: 'lookup', arguments: { email: '[REDACTED:email]' } },
        ],
      },
      {
        role: 'tool',
        parts: [{ type: 'tool_call_response', id: 'call_1', response: 'card [REDACTED:card]' }],
      },
    ])
  })

  it('keeps only the type of parts it does not know, never their data', () => {
    const { capture } = makeCapture()
    const image = { type: 'image', data: 'c2VjcmV0IHBob3Rv' }
    const messages = [{ role: 'user', parts: [image] }] as unknown as GenAiMessage[]
    expect(captured(capture.attribute('input', messages))).toEqual([
      { role: 'user', parts: [{ type: 'image' }] },
    ])
  })

  it.each([
    [
      'throws',
      () => {
        throw new Error('regex exploded')
      },
    ],
    ['returns a non-string', () => undefined],
    ['is not a function', 'redact everything please'],
  ])('sends a placeholder, never the raw text, when the caller redactor %s', (_case, redact) => {
    const { capture, logger } = makeCapture({ redact })

    const json = capture.attribute('input', 'secret plan for CUST-1234')?.[1] ?? ''
    expect(json).toContain('[redaction failed]')
    expect(json).not.toContain('secret plan')
    expect(logger.text('warn')).toContain('redact function failed')
  })

  it('warns about a failing redactor once, then at debug level', () => {
    const { capture, logger } = makeCapture({
      redact: () => {
        throw new Error('broken')
      },
    })
    capture.attribute('input', 'one')
    capture.attribute('input', 'two')
    expect(logger.lines.filter((line) => line.level === 'warn')).toHaveLength(1)
  })

  it('cuts long texts to keep the JSON valid and within maxContentLength', () => {
    const { capture } = makeCapture({ maxLength: 1000 })
    const json =
      capture.attribute('input', [
        { role: 'system', parts: [{ type: 'text', content: 'short stays whole' }] },
        { role: 'user', parts: [{ type: 'text', content: 'x'.repeat(50_000) }] },
      ])?.[1] ?? ''

    expect(json.length).toBeLessThanOrEqual(1000)
    const parsed = JSON.parse(json) as Array<{ role: string; parts: Array<{ content: string }> }>
    expect(parsed[0]?.parts[0]?.content).toBe('short stays whole')
    expect(parsed[1]?.role).toBe('user')
    expect(parsed[1]?.parts[0]?.content.endsWith('…[truncated]')).toBe(true)
  })

  it('redacts a secret before cutting, so no fragment of it survives the cut', () => {
    const { capture } = makeCapture({ maxLength: 300 })
    const key = `sk-proj-${'a'.repeat(40)}`
    const json = capture.attribute('input', `${'x'.repeat(250)} ${key}`)?.[1] ?? ''
    expect(json).not.toContain('sk-proj')
  })

  it('never keeps a secret split by the cut that bounds the cost of redacting huge texts', () => {
    const { capture } = makeCapture({ maxLength: 300 })
    // The first cut (before redaction) falls inside the key, leaving a fragment no pattern matches.
    const text = `${'x'.repeat(300 + 4096 - 12)}sk-proj-${'a'.repeat(40)}`
    expect(capture.attribute('input', text)?.[1]).not.toContain('sk-proj')
  })
})
