/** What {@link buildTraceTree} needs of a span. `startTime` is fixed-width ISO, so it sorts as text. */
export interface TreeItem {
  spanId: string
  parentSpanId: string | null
  startTime: string
}

export type TreeNode<T extends TreeItem> = T & { children: TreeNode<T>[] }

/**
 * Deepest nesting returned. Real traces stay far below it; a deeper one (or a
 * malicious one) would overflow the stack of the recursive JSON serializer,
 * so below this depth a subtree is flattened into one level.
 */
export const MAX_TREE_DEPTH = 64

/**
 * The spans of a trace as a tree by parent id, children and roots in start
 * order. Roots are spans whose parent is not in the trace (not received, or
 * the trace was entered from an uninstrumented service). The first item of a
 * span id wins, so callers pass the richer copy first. Parent links that form
 * a cycle (only a broken or hostile client sends them) are cut at the
 * earliest span of the cycle, which becomes a root: every span appears once.
 * Iterative, so a deep trace cannot overflow the stack here either.
 */
export function buildTraceTree<T extends TreeItem>(
  items: readonly T[],
  maxDepth = MAX_TREE_DEPTH,
): TreeNode<T>[] {
  const nodes = new Map<string, TreeNode<T>>()
  for (const item of items) if (!nodes.has(item.spanId)) nodes.set(item.spanId, { ...item, children: [] })
  const ordered = [...nodes.values()].sort(byStart)
  const childrenOf = new Map<string, TreeNode<T>[]>()
  const roots: TreeNode<T>[] = []
  for (const node of ordered) {
    const parent = node.parentSpanId
    if (parent === null || parent === node.spanId || !nodes.has(parent)) {
      roots.push(node)
      continue
    }
    const siblings = childrenOf.get(parent)
    if (siblings) siblings.push(node)
    else childrenOf.set(parent, [node])
  }

  const placed = new Set<string>()
  const place = (root: TreeNode<T>) => {
    placed.add(root.spanId)
    const stack: Array<[TreeNode<T>, number]> = [[root, 0]]
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      const [node, depth] = top
      const flatten = depth >= maxDepth - 1
      const pending = [...(childrenOf.get(node.spanId) ?? [])]
      for (let child = pending.shift(); child !== undefined; child = pending.shift()) {
        if (placed.has(child.spanId)) continue
        placed.add(child.spanId)
        node.children.push(child)
        if (flatten) pending.push(...(childrenOf.get(child.spanId) ?? []))
        else stack.push([child, depth + 1])
      }
      if (flatten) node.children.sort(byStart)
    }
  }
  for (const root of roots) place(root)
  const result = [...roots]
  for (const node of ordered) {
    if (placed.has(node.spanId)) continue
    result.push(node)
    place(node)
  }
  return result
}

function byStart(a: TreeItem, b: TreeItem): number {
  if (a.startTime !== b.startTime) return a.startTime < b.startTime ? -1 : 1
  return a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0
}
