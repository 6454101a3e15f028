import { describe, expect, it } from 'vitest';
import { EXAMPLES } from './examples.js';
import { parseJourneyFile, undrawableDraft } from './import.js';

describe('opening a journey file', () => {
  it('opens an exported journey as it was', () => {
    const journey = EXAMPLES[1]!.journey;
    expect(parseJourneyFile(JSON.stringify(journey, null, 2))).toStrictEqual({ ok: true, journey });
  });

  it('opens a document with schema problems, so the problems list can say what is wrong', () => {
    const text = JSON.stringify({ schemaVersion: 1, name: 'x', nodes: [{ id: 'a', type: 'wait', position: { x: 0, y: 0 }, data: { for: 3 } }], edges: [] });
    expect(parseJourneyFile(text)).toStrictEqual({
      ok: true,
      journey: { schemaVersion: 1, name: 'x', settings: {}, nodes: [{ id: 'a', type: 'wait', position: { x: 0, y: 0 }, data: { for: 3 } }], edges: [] },
    });
  });

  it('refuses what is not a journey, saying where', () => {
    expect(parseJourneyFile('{nope')).toMatchObject({ ok: false });
    expect(parseJourneyFile('[]')).toStrictEqual({ ok: false, message: 'The file is not a journey: a journey document must be a JSON object.' });
    expect(parseJourneyFile('{"nodes": {}, "edges": []}')).toStrictEqual({ ok: false, message: 'The file is not a journey: nodes: must be a list of nodes.' });
    expect(parseJourneyFile('{"nodes": [{"id": "a", "type": "exit", "data": {}}], "edges": []}')).toStrictEqual({
      ok: false,
      message: 'The file is not a journey: nodes[0].position: must be an object with numbers x and y.',
    });
    expect(parseJourneyFile('{"nodes": [], "edges": [{"id": "e"}]}')).toStrictEqual({
      ok: false,
      message: 'The file is not a journey: edges[0].source: an edge needs a source (a node id).',
    });
  });
});

describe('a stored draft', () => {
  it('says why a draft saved without a drawable skeleton cannot be opened, and nothing for one that can', () => {
    expect(undrawableDraft(EXAMPLES[0]!.journey)).toBeNull();
    expect(undrawableDraft({ nodes: 'x', edges: [] })).toBe(
      'The saved draft cannot be drawn: nodes: must be a list of nodes. Import a journey file over it, or save a fixed one with PUT /api/journeys/:id.',
    );
  });
});
