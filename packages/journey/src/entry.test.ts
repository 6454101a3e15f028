import { describe, expect, it } from 'vitest';
import { compileJourney } from './compile.js';
import { reentryOpensAt } from './entry.js';
import { newLead } from './lead.js';
import { journeySchema } from './schema.js';

const at = { x: 0, y: 0 };
const LEFT = Date.parse('2026-03-02T09:00:00Z');

/** A segment journey that runs straight to its exit, re-entered `after` leaving. */
const segment = (after: string) =>
  compileJourney(
    journeySchema.parse({
      schemaVersion: 1,
      name: 'Segment',
      settings: { reentry: { mode: 'after', after } },
      nodes: [
        { id: 'start', type: 'trigger', position: at, data: { on: { segment: { attr: 'score', op: 'gte', value: 0 } } } },
        { id: 'done', type: 'exit', position: at, data: { outcome: 'completed' } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'done' }],
    }),
  );

describe('reentryOpensAt', () => {
  it('is when the re-entry pause after leaving ends', () => {
    expect(reentryOpensAt(segment('P1D'), newLead('ada'), LEFT)).toBe(LEFT + 86_400_000);
  });

  it('is null for a re-entry pause of zero length, which would re-enter an instant journey at once, forever', () => {
    expect(reentryOpensAt(segment('PT0S'), newLead('ada'), LEFT)).toBeNull();
    expect(reentryOpensAt(segment('P0D'), newLead('ada'), LEFT)).toBeNull();
  });
});
