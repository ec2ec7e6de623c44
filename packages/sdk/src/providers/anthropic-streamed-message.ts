import { streamedUsage } from './anthropic-usage.js'

/**
 * Folds the events of a streamed Anthropic answer
 * (https://docs.anthropic.com/en/docs/build-with-claude/streaming) into what
 * the span records, as far as the stream got: id and model from
 * `message_start`, content from the blocks and their deltas, the stop reason
 * from `message_delta`, usage from both. Unknown events are ignored, so new
 * event types in later API versions cannot break it.
 */
export class StreamedMessage {
  id: string | undefined
  model: string | undefined
  stopReason: string | undefined
  /** `message_stop` arrived: the answer is complete. */
  sawStop = false
  private sawDelta = false
  private usageAtStart: unknown
  private usageAtDelta: unknown
  private readonly blocks: Array<Record<string, unknown>> = []
  /** Tool input arrives as JSON fragments (`input_json_delta`), per block index. */
  private readonly partialJson = new Map<number, string>()

  /** @param keepContent false when content capture is off: the text is then not accumulated at all. */
  constructor(private readonly keepContent: boolean) {}

  /** Adds one event; returns true for the first content delta, the first chunk of the answer. */
  add(event: unknown): boolean {
    const fields = asRecord(event)
    switch (fields.type) {
      case 'message_start': {
        const message = asRecord(fields.message)
        this.id = text(message.id) ?? this.id
        this.model = text(message.model) ?? this.model
        this.usageAtStart = message.usage
        return false
      }
      case 'content_block_start':
        if (typeof fields.index === 'number' && this.keepContent) {
          this.blocks[fields.index] = { ...asRecord(fields.content_block) }
        }
        return false
      case 'content_block_delta': {
        this.addDelta(fields.index, asRecord(fields.delta))
        const first = !this.sawDelta
        this.sawDelta = true
        return first
      }
      case 'message_delta':
        this.stopReason = text(asRecord(fields.delta).stop_reason) ?? this.stopReason
        this.usageAtDelta = fields.usage
        return false
      case 'message_stop':
        this.sawStop = true
        return false
      default:
        return false
    }
  }

  /** Usage in Anthropic's shape; output is unknown until `message_delta`. */
  usage(): Record<string, unknown> | undefined {
    if (this.usageAtStart === undefined && this.usageAtDelta === undefined) return undefined
    return streamedUsage(this.usageAtStart, this.usageAtDelta)
  }

  /** Content blocks as a non-streamed Message would have them. */
  content(): Array<Record<string, unknown>> {
    return this.blocks.map((block, index) => {
      const json = this.partialJson.get(index)
      return json === undefined ? block : { ...block, input: parseJson(json) }
    })
  }

  private addDelta(index: unknown, delta: Record<string, unknown>): void {
    if (typeof index !== 'number' || !this.keepContent) return
    const block = this.blocks[index]
    if (delta.type === 'text_delta' && block !== undefined && typeof delta.text === 'string') {
      block.text = `${typeof block.text === 'string' ? block.text : ''}${delta.text}`
    } else if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') {
      this.partialJson.set(index, (this.partialJson.get(index) ?? '') + delta.partial_json)
    }
  }
}

/** Parsed tool input, or the raw text when the stream stopped mid-object. */
function parseJson(json: string): unknown {
  try {
    return JSON.parse(json)
  } catch {
    return json
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}
