import { z } from 'zod';

/**
 * What a saved draft must be so that it can be drawn: a journey document whose skeleton holds
 * (nodes with an id, a type, a position and a data object; edges with an id, a source and a
 * target), while everything inside `data` and `settings` may still be wrong. Those problems are
 * the validator's to list, step by step; a draft with them saves, but cannot be published. A
 * body without this skeleton is not a journey at all, and no editor could open it.
 */

const position = z.looseObject({ x: z.number(), y: z.number() }, { error: 'must be an object with numbers x and y' });
const record = (what: string) => z.record(z.string(), z.unknown(), { error: `${what} must be an object` });

export const journeyDraftSchema = z.looseObject(
  {
    name: z.string({ error: 'must be a string' }).optional(),
    settings: record('settings').optional(),
    nodes: z.array(
      z.looseObject({
        id: z.string({ error: 'a node needs an id (a string)' }),
        type: z.string({ error: 'a node needs a type (a string)' }),
        position,
        data: record('data'),
      }),
      { error: 'must be a list of nodes' },
    ),
    edges: z.array(
      z.looseObject({
        id: z.string({ error: 'an edge needs an id (a string)' }),
        source: z.string({ error: 'an edge needs a source (a node id)' }),
        target: z.string({ error: 'an edge needs a target (a node id)' }),
        sourceHandle: z.string({ error: 'must be a string' }).optional(),
      }),
      { error: 'must be a list of edges' },
    ),
  },
  { error: 'a journey document must be a JSON object' },
);

export type JourneyDraft = z.infer<typeof journeyDraftSchema>;
