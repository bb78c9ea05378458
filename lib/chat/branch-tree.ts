// A thread's messages as a tree: each message points at the one it follows (its parent), and
// messages sharing a parent are versions of each other (a regenerated reply, an edited question).
// Pure: the data layer loads the skeleton, these functions find branches and versions in it.

export interface TreeNode {
  id: string;
  parentId: string | null;
  createdAt: Date;
}

/** Where a message stands among its versions: index is 1-based, oldest first. */
export interface Versions {
  index: number;
  count: number;
  previousId: string | null;
  nextId: string | null;
}

export interface MessageTree {
  byId: ReadonlyMap<string, TreeNode>;
  /** Children of each message (key null: the first messages), oldest first. */
  children: ReadonlyMap<string | null, readonly TreeNode[]>;
}

// Oldest first; ids break ties between messages created in the same millisecond.
function byCreation(a: TreeNode, b: TreeNode): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function buildTree(nodes: readonly TreeNode[]): MessageTree {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const children = new Map<string | null, TreeNode[]>();
  for (const node of nodes) {
    // A parent outside the thread would be a broken row: treat the message as a first one.
    const parent = node.parentId !== null && byId.has(node.parentId) ? node.parentId : null;
    const siblings = children.get(parent);
    if (siblings) siblings.push(node);
    else children.set(parent, [node]);
  }
  for (const siblings of children.values()) siblings.sort(byCreation);
  return { byId, children };
}

/** The newest message below `id` (itself when it has no children), following the newest child at each step. */
export function newestLeafUnder(tree: MessageTree, id: string | null): string | null {
  let current = id;
  const seen = new Set<string>();
  for (;;) {
    const next = tree.children.get(current)?.at(-1);
    // A cycle can only come from broken rows; stop rather than loop.
    if (!next || seen.has(next.id)) return current;
    seen.add(next.id);
    current = next.id;
  }
}

/**
 * The leaf the thread shows: the stored one when it is a message of the thread; otherwise (none
 * stored, or rows written without one) the newest branch.
 */
export function resolveLeaf(tree: MessageTree, storedLeafId: string | null): string | null {
  if (storedLeafId !== null && tree.byId.has(storedLeafId)) return storedLeafId;
  return newestLeafUnder(tree, null);
}

/** The messages from the first one down to `leafId`, in order. */
export function branchTo(tree: MessageTree, leafId: string | null): TreeNode[] {
  const branch: TreeNode[] = [];
  const seen = new Set<string>();
  let current = leafId === null ? undefined : tree.byId.get(leafId);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    branch.push(current);
    current = current.parentId === null ? undefined : tree.byId.get(current.parentId);
  }
  return branch.reverse();
}

export function versionsOf(tree: MessageTree, node: TreeNode): Versions {
  const parent = node.parentId !== null && tree.byId.has(node.parentId) ? node.parentId : null;
  const siblings = tree.children.get(parent) ?? [node];
  const at = siblings.findIndex((sibling) => sibling.id === node.id);
  return {
    index: at + 1,
    count: siblings.length,
    previousId: siblings[at - 1]?.id ?? null,
    nextId: siblings[at + 1]?.id ?? null,
  };
}
