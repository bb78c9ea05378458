import "server-only";
import type { Db } from "@/lib/db";
import { branchTo, buildTree, resolveLeaf, versionsOf, type MessageTree, type Versions } from "./branch-tree";
import { messageFields, toStoredMessage, type StoredMessage } from "./message-rows";

// The branch a thread shows: the walk from its current leaf up to its first message. The tree's
// skeleton (ids, parents, times) is read whole; full rows only for the branch's messages.

export type BranchMessage = StoredMessage & { versions: Versions };

export interface CurrentBranch {
  tree: MessageTree;
  /** The stored Thread.currentLeafId, which a turn compares and swaps. */
  storedLeafId: string | null;
  /** The branch's last message (the stored leaf, or the newest branch when none is stored). */
  leafId: string | null;
  messages: BranchMessage[];
}

type Reader = Pick<Db, "message">;

export async function readCurrentBranch(
  client: Reader,
  { threadId, storedLeafId }: { threadId: string; storedLeafId: string | null },
): Promise<CurrentBranch> {
  const nodes = await client.message.findMany({
    where: { threadId },
    select: { id: true, parentId: true, createdAt: true },
  });
  const tree = buildTree(nodes);
  const leafId = resolveLeaf(tree, storedLeafId);
  const path = branchTo(tree, leafId);
  // A thread without versions is one branch: read it in order, as before branches existed.
  const rows =
    path.length === 0
      ? []
      : path.length === nodes.length
        ? await client.message.findMany({ where: { threadId }, orderBy: { position: "asc" }, select: messageFields })
        : await client.message.findMany({
            where: { threadId, id: { in: path.map((node) => node.id) } },
            select: messageFields,
          });
  const rowsById = new Map(rows.map((row) => [row.id, row]));
  const messages = path.flatMap((node) => {
    const row = rowsById.get(node.id);
    return row ? [{ ...toStoredMessage(row), versions: versionsOf(tree, node) }] : [];
  });
  return { tree, storedLeafId, leafId, messages };
}

/** The message and everything below it: what deleting it removes. */
export function subtreeIds(tree: MessageTree, id: string): string[] {
  const ids: string[] = [];
  const pending = [id];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === undefined) break;
    ids.push(next);
    for (const child of tree.children.get(next) ?? []) pending.push(child.id);
  }
  return ids;
}
