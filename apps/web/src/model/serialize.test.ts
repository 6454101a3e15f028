import { journeySchema, validateJourney } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, blankJourney } from './examples.js';
import { fromJourney, toJourney } from './serialize.js';

describe('serialization', () => {
  it.each(EXAMPLES.map((e) => [e.key, e.journey] as const))('round-trips the %s example exactly', (_key, journey) => {
    expect(toJourney(fromJourney(journey))).toStrictEqual(journey);
  });

  it('keeps an edge without sourceHandle without one, and one with it with it', () => {
    const journey = EXAMPLES[0]!.journey;
    const back = toJourney(fromJourney(journey));
    expect(back.edges[0]).toStrictEqual({ id: 'e1', source: 'trigger', target: 'welcome' });
    expect(back.edges[3]).toStrictEqual({ id: 'e4', source: 'hot', sourceHandle: 'hot', target: 'handoff' });
  });

  it("strips React Flow's runtime fields so the document passes the strict schema", () => {
    const doc = fromJourney(EXAMPLES[0]!.journey);
    const worked = {
      ...doc,
      nodes: doc.nodes.map((n) => ({
        ...n,
        measured: { width: 240, height: 96 },
        selected: true,
        dragging: false,
        width: 240,
        height: 96,
        positionAbsolute: { x: 1, y: 2 },
        internals: {},
      })),
      edges: doc.edges.map((e) => ({ ...e, selected: true, animated: true, className: 'x', sourceHandle: e.sourceHandle ?? null })),
    };
    const journey = toJourney(worked);
    expect(journeySchema.safeParse(journey).success).toBe(true);
    expect(Object.keys(journey.nodes[0]!)).toStrictEqual(['id', 'type', 'position', 'data']);
    expect(Object.keys(journey.edges[0]!)).toStrictEqual(['id', 'source', 'target']);
    expect(journey).toStrictEqual(EXAMPLES[0]!.journey);
  });

  it('the examples and the blank journey have no errors', () => {
    for (const { journey } of EXAMPLES) {
      expect(validateJourney(journey).filter((p) => p.severity === 'error')).toStrictEqual([]);
    }
    expect(validateJourney(blankJourney()).filter((p) => p.severity === 'error')).toStrictEqual([]);
  });
});
