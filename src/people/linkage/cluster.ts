/**
 * Clusters for a dedupe that do not chain through weak links. Blind connected components over the
 * links would join two people into one whenever one doubtful link, or a chain of links each fine on
 * its own, runs between them. So:
 * 1. Connected components over the links (pairs at or above the link threshold) find the places to
 *    look; a component of one or two records is final.
 * 2. Each larger component is rebuilt by constrained agglomeration: its links are taken strongest
 *    first (ties by record index, so the result is deterministic), and each joins the two clusters
 *    it touches unless
 *    - a scored pair between them has strong negative evidence (probability below
 *      `conflictProbability`: say one NHS number against another, or different dates of birth
 *      and sexes), because no link can outweigh a pair that are clearly two people; or
 *    - both clusters already hold two or more records, the link is below `bridgeProbability`, and
 *      it is the only link between them: one weak bridge between two groups is more likely a
 *      coincidence (a shared address and surname) than one person.
 * This is single linkage with cannot-link constraints and a minimum support for joining groups:
 * cheap (the components are small), explainable, and stable from run to run.
 */

export interface ScoredPairs {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly weight: Float32Array;
}

export interface ClusterOptions {
  readonly linkWeight: number;
  readonly conflictWeight: number;
  readonly bridgeWeight: number;
}

function find(parent: Int32Array, x: number): number {
  let r = x;
  while ((parent[r] ?? r) !== r) r = parent[r] ?? r;
  let y = x;
  while ((parent[y] ?? y) !== r) {
    const next = parent[y] ?? y;
    parent[y] = r;
    y = next;
  }
  return r;
}

interface Between {
  links: number;
  conflicts: number;
}

/** Rebuilds one component; `edges` are indexes into pairs of links and conflicts inside it. */
function splitComponent(pairs: ScoredPairs, edges: readonly number[], options: ClusterOptions, parent: Int32Array, size: Int32Array): void {
  const members = new Set<number>();
  for (const e of edges) {
    members.add(pairs.a[e] ?? 0);
    members.add(pairs.b[e] ?? 0);
  }
  const neighbours = new Map<number, Map<number, Between>>();
  for (const r of members) {
    parent[r] = r;
    size[r] = 1;
    neighbours.set(r, new Map());
  }
  const links: number[] = [];
  for (const e of edges) {
    const a = pairs.a[e] ?? 0;
    const b = pairs.b[e] ?? 0;
    const w = pairs.weight[e] ?? 0;
    const isLink = w >= options.linkWeight;
    if (isLink) links.push(e);
    for (const [x, y] of [[a, b], [b, a]] as const) {
      const map = neighbours.get(x) as Map<number, Between>;
      const between = map.get(y) ?? { links: 0, conflicts: 0 };
      if (isLink) between.links++;
      else between.conflicts++;
      map.set(y, between);
    }
  }
  links.sort((x, y) => (pairs.weight[y] ?? 0) - (pairs.weight[x] ?? 0) || (pairs.a[x] ?? 0) - (pairs.a[y] ?? 0) || (pairs.b[x] ?? 0) - (pairs.b[y] ?? 0));
  for (const e of links) {
    let x = find(parent, pairs.a[e] ?? 0);
    let y = find(parent, pairs.b[e] ?? 0);
    if (x === y) continue;
    const between = neighbours.get(x)?.get(y);
    if (between && between.conflicts > 0) continue;
    const sx = size[x] ?? 1;
    const sy = size[y] ?? 1;
    if (sx >= 2 && sy >= 2 && (pairs.weight[e] ?? 0) < options.bridgeWeight && (between?.links ?? 0) <= 1) continue;
    if (sx < sy || (sx === sy && y < x)) [x, y] = [y, x];
    parent[y] = x;
    size[x] = sx + sy;
    // y's neighbours become x's.
    const mx = neighbours.get(x) as Map<number, Between>;
    const my = neighbours.get(y) as Map<number, Between>;
    mx.delete(y);
    for (const [z, c] of my) {
      if (z === x) continue;
      const mine = mx.get(z) ?? { links: 0, conflicts: 0 };
      mine.links += c.links;
      mine.conflicts += c.conflicts;
      mx.set(z, mine);
      const mz = neighbours.get(z) as Map<number, Between>;
      mz.delete(y);
      mz.set(x, mine);
    }
    neighbours.delete(y);
  }
}

/** The cluster of each of `records` records: the index of its lowest-numbered member. */
export function clusterRecords(records: number, pairs: ScoredPairs, options: ClusterOptions): Int32Array {
  const parent = Int32Array.from({ length: records }, (_, i) => i);
  const size = new Int32Array(records).fill(1);
  const n = pairs.a.length;
  for (let e = 0; e < n; e++) {
    if ((pairs.weight[e] ?? 0) < options.linkWeight) continue;
    const x = find(parent, pairs.a[e] ?? 0);
    const y = find(parent, pairs.b[e] ?? 0);
    if (x === y) continue;
    parent[y] = x;
    size[x] = (size[x] ?? 1) + (size[y] ?? 1);
  }
  const component = Int32Array.from({ length: records }, (_, i) => find(parent, i));
  const componentSize = new Int32Array(records);
  for (const c of component) componentSize[c] = (componentSize[c] ?? 0) + 1;
  const edges = new Map<number, number[]>();
  for (let e = 0; e < n; e++) {
    const c = component[pairs.a[e] ?? 0] ?? 0;
    if ((componentSize[c] ?? 0) < 3 || c !== component[pairs.b[e] ?? 0]) continue;
    const w = pairs.weight[e] ?? 0;
    if (w >= options.linkWeight || w < options.conflictWeight) {
      let list = edges.get(c);
      if (!list) edges.set(c, (list = []));
      list.push(e);
    }
  }
  for (const list of edges.values()) splitComponent(pairs, list, options, parent, size);
  const cluster = new Int32Array(records);
  const lowest = new Map<number, number>();
  for (let r = 0; r < records; r++) {
    const root = find(parent, r);
    let low = lowest.get(root);
    if (low === undefined) lowest.set(root, (low = r));
    cluster[r] = low;
  }
  return cluster;
}
