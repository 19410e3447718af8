/** The unit tree as a value: pure functions over the flat list of units (any depth, R1.1). */
export interface UnitNode {
  id: string;
  parentId: string | null;
  name: string;
}

const collator = new Intl.Collator('vi');

export class UnitTree<U extends UnitNode = UnitNode> {
  private readonly byId = new Map<string, U>();
  private readonly children = new Map<string | null, U[]>();

  constructor(units: U[]) {
    for (const u of units) {
      this.byId.set(u.id, u);
      const siblings = this.children.get(u.parentId) ?? [];
      siblings.push(u);
      this.children.set(u.parentId, siblings);
    }
    for (const list of this.children.values()) list.sort((a, b) => collator.compare(a.name, b.name));
  }

  get(id: string): U | undefined {
    return this.byId.get(id);
  }

  /** The unit and everything under it. */
  subtree(id: string): Set<string> {
    const out = new Set<string>();
    const stack = [id];
    while (stack.length) {
      const next = stack.pop()!;
      if (out.has(next) || !this.byId.has(next)) continue;
      out.add(next);
      for (const child of this.children.get(next) ?? []) stack.push(child.id);
    }
    return out;
  }

  contains(ancestorId: string, unitId: string): boolean {
    return this.subtree(ancestorId).has(unitId);
  }

  /** Moving `id` under `newParentId` would make it its own ancestor. */
  wouldCycle(id: string, newParentId: string | null): boolean {
    return newParentId !== null && this.subtree(id).has(newParentId);
  }

  /** Depth-first, parents before children, siblings in Vietnamese order. */
  ordered(): U[] {
    const out: U[] = [];
    const visit = (parent: string | null) => {
      for (const u of this.children.get(parent) ?? []) {
        out.push(u);
        visit(u.id);
      }
    };
    visit(null);
    return out;
  }

  /** `Bộ › Cục › Phòng`: the unit's path from its root. */
  path(id: string): string {
    const names: string[] = [];
    let cur = this.byId.get(id);
    const seen = new Set<string>();
    while (cur && !seen.has(cur.id)) {
      seen.add(cur.id);
      names.unshift(cur.name);
      cur = cur.parentId ? this.byId.get(cur.parentId) : undefined;
    }
    return names.join(' › ');
  }
}
