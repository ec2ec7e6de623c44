import OpenAI from 'openai'

/**
 * A real `openai` client whose `fetch` answers in-process with canned bodies:
 * no sockets, so the benchmark measures the client and Vigil, not the network.
 * It still yields to the event loop once per call, as a network read would.
 */
export function cannedOpenAI(): OpenAI {
  const completion = JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      { index: 0, message: { role: 'assistant', content: 'Billing question.' }, finish_reason: 'stop' },
    ],
    usage: { prompt_tokens: 52, completion_tokens: 4, total_tokens: 56 },
  })
  const chunk = (delta: object, finish: string | null = null, usage?: object) =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-bench',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: 'gpt-4o-mini-2024-07-18',
      choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }],
      ...(usage ? { usage } : {}),
    })}\n\n`
  const sse = (withUsage: boolean) =>
    [
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Billing' }),
      chunk({ content: ' question.' }),
      chunk({}, 'stop'),
      withUsage ? chunk({}, null, { prompt_tokens: 52, completion_tokens: 4, total_tokens: 56 }) : '',
      'data: [DONE]\n\n',
    ].join('')
  const fetch = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    // A real request waits for the network, so the event loop turns (timers, sockets: the
    // exporter's answers) between calls; answering in a microtask would starve it.
    await new Promise<void>((resolve) => setImmediate(resolve))
    const body = JSON.parse(String(init?.body ?? '{}')) as {
      stream?: boolean
      stream_options?: { include_usage?: boolean }
    }
    if (body.stream) {
      return new Response(sse(body.stream_options?.include_usage === true), {
        headers: { 'content-type': 'text/event-stream' },
      })
    }
    return new Response(completion, { headers: { 'content-type': 'application/json' } })
  }
  return new OpenAI({ apiKey: 'bench', baseURL: 'http://127.0.0.1:9/v1', fetch, maxRetries: 0 })
}
