import type { GenAiMessage } from '../llm-call-recorder.js'
import type { LlmCall } from '../observe.js'
import type { TokenUsage } from '../token-usage.js'
import { chatAnswerReport } from './openai-chat-report.js'
import { chatToolCalls } from './openai-messages.js'
import type { CallReport, StreamObserver, StreamObserverOptions } from './openai-operation.js'
import { chatUsage, isRecord } from './openai-usage.js'

interface ChoiceState {
  text: string
  /** Kept only with content capture on. Tool calls arrive in pieces keyed by index; arguments are JSON text split across chunks. */
  toolCalls: Map<number, { id?: string; function: { name?: string; arguments: string } }>
  finishReason?: string
}

/**
 * Follows a Chat Completions stream: the answer's id, model, text, tool calls
 * and finish reasons, the usage chunk, and the first content chunk (for time
 * to first chunk). When Vigil added `include_usage` itself, it hides what the
 * app would not have received: the usage-only chunk (`choices: []` with
 * `usage`), and the `usage: null` that OpenAI then puts on every other chunk.
 * Chunks with `choices: []` and no usage (Azure's prompt filter results) pass.
 */
export class ChatStreamObserver implements StreamObserver {
  #id: unknown
  #model: unknown
  #systemFingerprint: unknown
  #serviceTier: unknown
  #usage: TokenUsage | undefined
  readonly #choices = new Map<number, ChoiceState>()

  constructor(
    private readonly call: LlmCall,
    private readonly options: StreamObserverOptions,
  ) {}

  onItem(chunk: unknown): boolean {
    if (!isRecord(chunk)) return true
    this.#id ??= chunk.id
    this.#model ??= chunk.model
    this.#systemFingerprint ??= chunk.system_fingerprint
    this.#serviceTier ??= chunk.service_tier
    if (isRecord(chunk.usage)) this.#usage = chatUsage(chunk.usage)
    const choices = Array.isArray(chunk.choices) ? chunk.choices : []
    for (const choice of choices) if (isRecord(choice)) this.#addChoice(choice)
    if (!this.options.hideUsageChunk) return true
    if (choices.length === 0 && isRecord(chunk.usage)) return false
    if (chunk.usage === null) delete chunk.usage
    return true
  }

  report(): CallReport {
    // Choices in index order; nearly always there is just one.
    const choices = [...this.#choices].sort(([a], [b]) => a - b)
    const finishReasons: string[] = []
    for (const [, state] of choices)
      if (state.finishReason !== undefined) finishReasons.push(state.finishReason)
    return chatAnswerReport({
      id: this.#id,
      model: this.#model,
      systemFingerprint: this.#systemFingerprint,
      serviceTier: this.#serviceTier,
      finishReasons,
      usage: this.#usage,
      // Messages are built only for content capture, which is off by default.
      output: this.options.keepContent ? choices.map(([, state]) => outputMessage(state)) : [],
    })
  }

  #addChoice(choice: Record<string, unknown>): void {
    const index = typeof choice.index === 'number' ? choice.index : 0
    let state = this.#choices.get(index)
    if (state === undefined) {
      state = { text: '', toolCalls: new Map() }
      this.#choices.set(index, state)
    }
    const delta = isRecord(choice.delta) ? choice.delta : {}
    // The first chunk only announces the role with empty content: output starts with real text or a tool call.
    this.#addText(state, delta.content)
    this.#addText(state, delta.refusal)
    if (Array.isArray(delta.tool_calls)) {
      this.call.markFirstChunk()
      if (this.options.keepContent)
        for (const call of delta.tool_calls.filter(isRecord)) this.#addToolCall(state, call)
    }
    if (typeof choice.finish_reason === 'string') state.finishReason = choice.finish_reason
  }

  #addText(state: ChoiceState, piece: unknown): void {
    if (typeof piece !== 'string' || piece === '') return
    if (this.options.keepContent) state.text += piece
    this.call.markFirstChunk()
  }

  #addToolCall(state: ChoiceState, call: Record<string, unknown>): void {
    const index = typeof call.index === 'number' ? call.index : state.toolCalls.size
    let entry = state.toolCalls.get(index)
    if (entry === undefined) {
      entry = { function: { arguments: '' } }
      state.toolCalls.set(index, entry)
    }
    if (typeof call.id === 'string') entry.id ??= call.id
    const fn = isRecord(call.function) ? call.function : {}
    if (typeof fn.name === 'string') entry.function.name ??= fn.name
    if (typeof fn.arguments === 'string') entry.function.arguments += fn.arguments
  }
}

function outputMessage(state: ChoiceState): GenAiMessage {
  return {
    role: 'assistant',
    parts: [
      ...(state.text === '' ? [] : [{ type: 'text' as const, content: state.text }]),
      ...chatToolCalls([...state.toolCalls.values()]),
    ],
    ...(state.finishReason === undefined ? {} : { finish_reason: state.finishReason }),
  }
}
