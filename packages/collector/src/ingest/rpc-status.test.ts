import { describe, expect, it } from 'vitest'
import { decodeRpcStatus, encodeRpcStatus, rpcCodeFor } from './rpc-status.js'

describe('rpc-status', () => {
  it('round-trips a protobuf google.rpc.Status with the Vigil code as ErrorInfo', () => {
    const status = { code: 3, message: 'bad body ✗', reason: 'VIGIL_ERR_BAD_OTLP' }
    const bytes = encodeRpcStatus(status, 'protobuf')
    expect(bytes).toBeInstanceOf(Uint8Array)
    expect(decodeRpcStatus(bytes as Uint8Array)).toEqual(status)
  })

  it('writes the proto3 JSON form for JSON requests', () => {
    const text = encodeRpcStatus(
      { code: 16, message: 'Invalid API key', reason: 'VIGIL_ERR_UNAUTHORIZED' },
      'json',
    )
    expect(JSON.parse(text as string)).toEqual({
      code: 16,
      message: 'Invalid API key',
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'VIGIL_ERR_UNAUTHORIZED',
          domain: 'vigil',
        },
      ],
    })
  })

  it('maps HTTP statuses to google.rpc codes', () => {
    expect([400, 401, 403, 404, 413, 415, 429, 500, 503].map(rpcCodeFor)).toEqual([
      3, 16, 7, 5, 8, 3, 8, 13, 14,
    ])
  })
})
