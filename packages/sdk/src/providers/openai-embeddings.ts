import type { Attributes } from '@opentelemetry/api'
import {
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_REQUEST_ENCODING_FORMATS,
} from '../attributes.js'
import type { OpenAiOperation } from './openai-operation.js'
import { embeddingsUsage, isRecord } from './openai-usage.js'

/** `embeddings.create`. Inputs are not messages, so nothing is offered to content capture. */
export const embeddings: OpenAiOperation = {
  name: 'embeddings',

  requestAttributes(body) {
    const attributes: Attributes = {}
    // The format the app chose; the openai client asks for base64 on its own otherwise and decodes it.
    if (typeof body.encoding_format === 'string') {
      attributes[ATTR_GEN_AI_REQUEST_ENCODING_FORMATS] = [body.encoding_format]
    }
    if (typeof body.dimensions === 'number')
      attributes[ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT] = body.dimensions
    return attributes
  },

  inputMessages() {
    return { input: [], system: [] }
  },

  report(result, body) {
    const response = isRecord(result) ? result : {}
    const attributes: Attributes = {}
    const first =
      Array.isArray(response.data) && isRecord(response.data[0]) ? response.data[0].embedding : undefined
    // Without `dimensions` in the request the size is the model's; the answer tells it.
    const size =
      Array.isArray(first) || ArrayBuffer.isView(first) ? (first as ArrayLike<number>).length : undefined
    if (typeof body.dimensions !== 'number' && size !== undefined) {
      attributes[ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT] = size
    }
    return {
      attributes,
      responseModel: typeof response.model === 'string' ? response.model : undefined,
      usage: embeddingsUsage(response.usage),
    }
  },
}
