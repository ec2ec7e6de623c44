import { describe, expect, it } from 'vitest'
import * as attributes from './attributes.js'

describe('attributes', () => {
  it('gives every constant a distinct attribute name', () => {
    const names = Object.values(attributes)
    expect(new Set(names).size).toBe(names.length)
  })

  it('keeps Vigil-specific names in the vigil.* namespace', () => {
    const vigil = Object.entries(attributes).filter(([key]) => key.startsWith('ATTR_VIGIL_'))
    expect(vigil.every(([, name]) => name.startsWith('vigil.'))).toBe(true)
  })
})
