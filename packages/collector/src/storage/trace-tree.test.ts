import { describe, expect, it } from 'vitest'
import { buildTraceTree, type TreeItem, type TreeNode } from './trace-tree.js'

const span = (spanId: string, parentSpanId: string | null, second: number): TreeItem => ({
  spanId,
  parentSpanId,
  startTime: `2024-01-01T00:00:${String(second).padStart(2, '0')}.000000000Z`,
})

/** `id(child id(grandchild)) id` for compact assertions. */
function shape(nodes: TreeNode<TreeItem>[]): string {
  return nodes
    .map((node) => (node.children.length ? `${node.spanId}(${shape(node.children)})` : node.spanId))
    .join(' ')
}

describe('buildTraceTree', () => {
  it('nests children under their parent, in start order', () => {
    const tree = buildTraceTree([
      span('b', 'root', 3),
      span('root', null, 0),
      span('a', 'root', 1),
      span('t', 'a', 2),
    ])
    expect(shape(tree)).toBe('root(a(t) b)')
  })

  it('makes spans whose parent is not in the trace roots', () => {
    const tree = buildTraceTree([span('x', 'missing', 1), span('y', 'x', 2), span('z', null, 0)])
    expect(shape(tree)).toBe('z x(y)')
  })

  it('keeps the first copy of a span id', () => {
    const first = { ...span('a', null, 0), label: 'call' }
    const second = { ...span('a', null, 0), label: 'span' }
    const tree = buildTraceTree([first, second])
    expect(tree).toHaveLength(1)
    expect(tree[0]?.label).toBe('call')
  })

  it('cuts parent cycles so every span appears once', () => {
    const tree = buildTraceTree([span('a', 'b', 1), span('b', 'a', 2), span('c', 'c', 3)])
    expect(shape(tree)).toBe('c a(b)')
  })

  it('flattens what lies below the deepest level', () => {
    const chain = [span('n0', null, 0), span('n1', 'n0', 1), span('n2', 'n1', 2), span('n3', 'n2', 3)]
    expect(shape(buildTraceTree(chain, 2))).toBe('n0(n1(n2 n3))')
  })

  it('handles a trace deeper than the stack would allow recursion', () => {
    const deep = Array.from({ length: 50_000 }, (_, i) => ({
      spanId: `s${i}`,
      parentSpanId: i === 0 ? null : `s${i - 1}`,
      startTime: `2024-01-01T00:00:00.${String(i).padStart(9, '0')}Z`,
    }))
    const tree = buildTraceTree(deep)
    expect(JSON.stringify(tree).length).toBeGreaterThan(0)
  })
})
