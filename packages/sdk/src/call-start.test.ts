import { describe, expect, it } from 'vitest'
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_VIGIL_ENVIRONMENT,
  ATTR_VIGIL_SESSION_ID,
  ATTR_VIGIL_TAGS,
  ATTR_VIGIL_USE_CASE,
  ATTR_VIGIL_USER_ID,
} from './attributes.js'
import { callStart } from './call-start.js'
import { makeMeta } from './test-support/fixtures.js'

describe('callStart', () => {
  it('names the span after the operation and model, and records both', () => {
    const { name, attributes } = callStart(makeMeta({ operation: 'embeddings', model: 'e-3' }), {}, undefined)

    expect(name).toBe('embeddings e-3')
    expect(attributes).toEqual({
      [ATTR_GEN_AI_OPERATION_NAME]: 'embeddings',
      [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'e-3',
    })
  })

  it('ranks the client’s context below withContext() values, and those below the call’s own meta', () => {
    const { attributes } = callStart(
      makeMeta({ sessionId: 'from-meta', tags: ['meta'] }),
      { userId: 'from-scope', sessionId: 'from-scope', tags: ['scope'] },
      { useCase: 'from-client', userId: 'from-client', sessionId: 'from-client', tags: ['client'] },
    )

    expect(attributes).toMatchObject({
      [ATTR_VIGIL_USE_CASE]: 'from-client',
      [ATTR_VIGIL_USER_ID]: 'from-scope',
      [ATTR_VIGIL_SESSION_ID]: 'from-meta',
      [ATTR_VIGIL_TAGS]: ['client', 'scope', 'meta'],
    })
  })

  it('ignores context values that are not non-empty strings, from any layer', () => {
    const client = { useCase: 42, environment: '' } as unknown as { useCase: string }
    const { attributes } = callStart(makeMeta({ userId: '  ' }), {}, client)

    expect(attributes[ATTR_VIGIL_USE_CASE]).toBeUndefined()
    expect(attributes[ATTR_VIGIL_ENVIRONMENT]).toBeUndefined()
    expect(attributes[ATTR_VIGIL_USER_ID]).toBeUndefined()
  })

  it('rejects meta that is not an object, for the recorder to log', () => {
    expect(() => callStart(null as unknown as ReturnType<typeof makeMeta>, {}, undefined)).toThrow(TypeError)
  })
})
