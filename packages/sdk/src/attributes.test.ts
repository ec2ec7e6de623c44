import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import * as attributes from './attributes.js'
import * as openAiAttributes from './providers/openai-attributes.js'

/** Names the SDK reads from other instrumentations' spans but never writes. */
const READ_ONLY = ['gen_ai.system']

/** Every non-test TypeScript source of the SDK, recursively. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'test-support' ? [] : sourceFiles(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

describe('attributes', () => {
  it('gives every constant a distinct attribute name', () => {
    const names = Object.values(attributes)
    expect(new Set(names).size).toBe(names.length)
  })

  it('keeps Vigil-specific names in the vigil.* namespace', () => {
    const vigil = Object.entries(attributes).filter(([key]) => key.startsWith('ATTR_VIGIL_'))
    expect(vigil.every(([, name]) => name.startsWith('vigil.'))).toBe(true)
  })

  it('lists every vigil.*, gen_ai.* and server.* name the SDK sources write, so attributes.ts stays the single reference', () => {
    const listed = new Set<string>([...Object.values(attributes), ...READ_ONLY])
    const src = fileURLToPath(new URL('.', import.meta.url))
    const unlisted = sourceFiles(src).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/['"`]((?:vigil|gen_ai|server)\.[a-z_.]+)['"`]/g)]
        .map((match) => match[1] ?? '')
        .filter((name) => !listed.has(name))
        .map((name) => `${name} (${file.slice(src.length)})`),
    )
    expect(unlisted).toEqual([])
  })

  it('leaves only provider-namespaced names to the provider attribute files', () => {
    expect(Object.values(openAiAttributes).filter((name) => !name.startsWith('openai.'))).toEqual([])
  })
})
