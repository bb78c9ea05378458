import { describe, expect, it } from "vitest";
import { branchTo, buildTree, newestLeafUnder, resolveLeaf, versionsOf, type TreeNode } from "./branch-tree";

const at = (second: number) => new Date(Date.UTC(2026, 10, 26, 9, 0, second));
const node = (id: string, parentId: string | null, second: number): TreeNode => ({
  id,
  parentId,
  createdAt: at(second),
});

// q1 ─ a1 ─ q2 ─ a2
//    ╰ a1b (regenerated)
// q1b (edited) ─ a3
const nodes = [
  node("q2", "a1", 3),
  node("a1", "q1", 1),
  node("q1", null, 0),
  node("a2", "q2", 4),
  node("a1b", "q1", 5),
  node("q1b", null, 6),
  node("a3", "q1b", 7),
];

describe("branch tree", () => {
  const tree = buildTree(nodes);

  it("walks a branch from its first message down to a leaf", () => {
    expect(branchTo(tree, "a2").map((n) => n.id)).toEqual(["q1", "a1", "q2", "a2"]);
    expect(branchTo(tree, null)).toEqual([]);
    expect(branchTo(tree, "missing")).toEqual([]);
  });

  it("follows the newest child at each step", () => {
    expect(newestLeafUnder(tree, "q1")).toBe("a1b");
    expect(newestLeafUnder(tree, "a1")).toBe("a2");
    expect(newestLeafUnder(tree, null)).toBe("a3");
  });

  it("numbers versions oldest first, with their neighbours", () => {
    const byId = (id: string) => tree.byId.get(id) as TreeNode;
    expect(versionsOf(tree, byId("a1"))).toEqual({ index: 1, count: 2, previousId: null, nextId: "a1b" });
    expect(versionsOf(tree, byId("a1b"))).toEqual({ index: 2, count: 2, previousId: "a1", nextId: null });
    expect(versionsOf(tree, byId("q1b"))).toEqual({ index: 2, count: 2, previousId: "q1", nextId: null });
    expect(versionsOf(tree, byId("a2"))).toEqual({ index: 1, count: 1, previousId: null, nextId: null });
  });

  it("orders messages of the same millisecond by id", () => {
    const same = buildTree([node("b", null, 0), node("a", null, 0)]);
    expect(same.children.get(null)?.map((n) => n.id)).toEqual(["a", "b"]);
  });

  it("falls back to the newest branch when the stored leaf is missing", () => {
    expect(resolveLeaf(tree, "a2")).toBe("a2");
    expect(resolveLeaf(tree, null)).toBe("a3");
    expect(resolveLeaf(tree, "deleted")).toBe("a3");
    expect(resolveLeaf(buildTree([]), null)).toBeNull();
  });

  it("survives a cycle in broken rows", () => {
    const broken = buildTree([node("x", "y", 0), node("y", "x", 1)]);
    expect(branchTo(broken, "x").map((n) => n.id)).toEqual(["y", "x"]);
    expect(["x", "y"]).toContain(newestLeafUnder(broken, "x"));
  });
});
