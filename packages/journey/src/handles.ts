import type { JourneyNode } from './schema.js';

/** The outgoing handles a node has, in the order the editor draws them. */
export function handlesOf(node: JourneyNode): string[] {
  switch (node.type) {
    case 'trigger':
    case 'send':
    case 'update':
      return ['out'];
    case 'wait':
      return 'until' in node.data && 'event' in node.data.until ? ['event', 'timeout'] : ['out'];
    case 'branch':
      return [...node.data.cases.map((c) => c.handle), 'else'];
    case 'split':
      return node.data.variants.map((v) => v.handle);
    case 'handoff':
      return [...HANDOFF_HANDLES];
    case 'exit':
      return [];
    case 'cadence':
      return [...CADENCE_HANDLES];
  }
}

/** A cadence leaves by `stopped` when its stop event comes, by `done` once every touch is made. */
export const CADENCE_HANDLES = ['stopped', 'done'] as const;

export const HANDOFF_HANDLES = ['accepted', 'recycled', 'disqualified', 'sla_expired'] as const;
export type HandoffHandle = (typeof HANDOFF_HANDLES)[number];
/** What sales may answer; `sla_expired` is the engine's. */
export const HANDOFF_ANSWERS = ['accepted', 'recycled', 'disqualified'] as const;
export type HandoffAnswer = (typeof HANDOFF_ANSWERS)[number];
