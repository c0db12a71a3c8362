/**
 * GraphDef plumbing: input references, pruning to what the requested outputs
 * need, and a topological order (iterative, so deep graphs cannot overflow the stack).
 */
import { ModelError, ValidationError } from '../../src/contract/errors.js';
import type { TfNodeDef } from './tfjs-types.js';

/** A data input of a node: `node` or `node:k`; control inputs (`^node`) are dropped. */
export interface TensorRef {
  readonly node: string;
  readonly index: number;
}

/** Parse `name`, `name:2` (and ignore `^control` inputs, returning null). */
export function parseRef(ref: string): TensorRef | null {
  if (ref.startsWith('^')) return null;
  const m = /^(.*):(\d+)$/.exec(ref);
  return m ? { node: m[1], index: Number(m[2]) } : { node: ref, index: 0 };
}

/** The data inputs of a node. */
export function dataInputs(node: TfNodeDef): TensorRef[] {
  const out: TensorRef[] = [];
  for (const r of node.input ?? []) {
    const p = parseRef(r);
    if (p) out.push(p);
  }
  return out;
}

/** The nodes that the outputs depend on, producers before consumers. */
export function pruneAndSort(nodes: readonly TfNodeDef[], outputs: readonly TensorRef[]): TfNodeDef[] {
  const byName = new Map<string, TfNodeDef>();
  for (const n of nodes) {
    if (byName.has(n.name)) throw new ModelError(`duplicate node name "${n.name}" in the graph`, { node: n.name });
    byName.set(n.name, n);
  }
  outputs.forEach((o, i) => {
    if (!byName.has(o.node)) {
      throw new ValidationError(`options.outputs[${i}]`, 'name of a node in the graph', `options.outputs[${i}]: no node named "${o.node}" in the graph`);
    }
  });
  // 0 = unseen, 1 = on the stack, 2 = emitted.
  const state = new Map<string, 1 | 2>();
  const order: TfNodeDef[] = [];
  for (const root of outputs) {
    if (state.get(root.node) === 2) continue;
    const stack: { node: TfNodeDef; next: number; inputs: TensorRef[] }[] = [];
    const push = (name: string, from: TfNodeDef | null): void => {
      const n = byName.get(name);
      if (!n) throw new ModelError(`node "${from?.name}" reads "${name}", which is not in the graph`, { node: from?.name, input: name });
      state.set(name, 1);
      stack.push({ node: n, next: 0, inputs: dataInputs(n) });
    };
    push(root.node, null);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.inputs.length) {
        const dep = top.inputs[top.next++].node;
        const s = state.get(dep);
        if (s === 1) throw new ModelError(`cycle through node "${dep}" (control flow is not supported)`, { node: dep });
        if (s === undefined) push(dep, top.node);
      } else {
        stack.pop();
        state.set(top.node.name, 2);
        order.push(top.node);
      }
    }
  }
  return order;
}

/** Count nodes per op type, sorted by op name. */
export function opHistogram(nodes: readonly TfNodeDef[]): Record<string, number> {
  const h: Record<string, number> = {};
  for (const n of [...nodes].sort((a, b) => (a.op < b.op ? -1 : a.op > b.op ? 1 : 0))) h[n.op] = (h[n.op] ?? 0) + 1;
  return h;
}
