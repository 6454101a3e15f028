import { describe, expect, it } from 'vitest';
import { compareTurns } from './priority.js';
import { validateJourney } from './validate.js';

const at = { x: 0, y: 0 };

function journey(settings: Record<string, unknown>) {
  return {
    schemaVersion: 1,
    name: 'Prioritised',
    settings,
    nodes: [
      { id: 't', type: 'trigger', position: at, data: { on: { event: 'signup' } } },
      { id: 'x', type: 'exit', position: at, data: { outcome: 'completed' } },
    ],
    edges: [{ id: 'e1', source: 't', target: 'x' }],
  };
}

describe('settings.priority', () => {
  it('accepts any number, negative and fractional included', () => {
    for (const priority of [0, 10, -5, 2.5]) expect(validateJourney(journey({ priority }))).toEqual([]);
  });

  it('refuses a priority that is not a number, naming settings.priority', () => {
    for (const priority of ['high', null, [1], { value: 1 }]) {
      const problems = validateJourney(journey({ priority }));
      expect(problems.map((p) => [p.code, p.path.join('.')])).toEqual([['schema', 'settings.priority']]);
    }
  });

  it('orders turns by higher priority, then journey id by code unit', () => {
    const turns = [
      { priority: 0, journeyId: 'b' },
      { priority: 0, journeyId: 'B' },
      { priority: 1, journeyId: 'z' },
      { priority: 0, journeyId: 'a' },
      { priority: -1, journeyId: 'a0' },
    ];
    expect(turns.sort(compareTurns).map((t) => `${t.priority}:${t.journeyId}`)).toEqual(['1:z', '0:B', '0:a', '0:b', '-1:a0']);
  });
});
