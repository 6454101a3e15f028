import { describe, expect, it } from 'vitest';
import { compileJourney } from './compile.js';
import { entryConditionHolds, isSegmentJourney } from './entry.js';
import { newLead } from './lead.js';
import { lookbackOf } from './lookback.js';
import { resolveSavedSegments, savedSegmentOf } from './saved-segments.js';
import { journeySchema, type Condition } from './schema.js';
import { validateJourney } from './validate.js';

const at = { x: 0, y: 0 };

/** A segment journey whose trigger is `on`, straight to its exit. */
function segmentJourney(on: unknown) {
  return {
    schemaVersion: 1,
    name: 'EMEA welcome',
    settings: {},
    nodes: [
      { id: 'start', type: 'trigger', position: at, data: { label: 'Enterprise EMEA', on } },
      { id: 'done', type: 'exit', position: at, data: { outcome: 'completed' } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'done' }],
  };
}

const emea: Condition = { attr: 'attributes.region', op: 'eq', value: 'emea' };
const recentlyActive: Condition = { event: 'page_visited', within: 'P30D' };

describe('a segment trigger naming a saved segment', () => {
  it('is a journey document as drawn, and names its segment', () => {
    const doc = segmentJourney({ segment: { saved: 'seg-emea' } });
    expect(journeySchema.safeParse(doc).success).toBe(true);
    expect(savedSegmentOf(doc)).toBe('seg-emea');
    expect(savedSegmentOf(segmentJourney({ segment: emea }))).toBeNull();
    expect(validateJourney(doc)).toEqual([]);
  });

  it('is never read as a condition: a reference with another key beside `saved` is a schema problem', () => {
    const problems = validateJourney(segmentJourney({ segment: { saved: 'seg-emea', attr: 'score' } }));
    expect(problems.map((p) => p.code)).toEqual(['schema']);
  });

  it('is an unknown_segment error on the trigger when the stored segments do not hold it', () => {
    const doc = segmentJourney({ segment: { saved: 'seg-gone' } });
    expect(validateJourney(doc, { segments: new Set(['seg-emea']) })).toEqual([
      {
        severity: 'error',
        code: 'unknown_segment',
        message: 'Trigger "Enterprise EMEA" names saved segment "seg-gone", which does not exist; pick a saved segment or write the condition here',
        nodeId: 'start',
        path: ['nodes', 0, 'data', 'on', 'segment', 'saved'],
      },
    ]);
    expect(validateJourney(segmentJourney({ segment: { saved: 'seg-emea' } }), { segments: new Set(['seg-emea']) })).toEqual([]);
  });

  it('compiles with the segment condition given, so leads meeting it enter and others do not', () => {
    const journey = journeySchema.parse(segmentJourney({ segment: { saved: 'seg-emea' } }));
    const compiled = compileJourney(journey, { segments: new Map([['seg-emea', emea]]) });
    expect(isSegmentJourney(compiled)).toBe(true);
    expect(compiled.trigger.data.on).toEqual({ segment: emea });
    const inEmea = { ...newLead('ada'), attributes: { region: 'emea' } };
    const inApac = { ...newLead('bo'), attributes: { region: 'apac' } };
    expect(entryConditionHolds(compiled, inEmea, [], 0)).toBe(true);
    expect(entryConditionHolds(compiled, inApac, [], 0)).toBe(false);
  });

  it('left unresolved (a segment deleted under it), is met by no lead', () => {
    const journey = journeySchema.parse(segmentJourney({ segment: { saved: 'seg-gone' } }));
    const compiled = compileJourney(journey, { segments: new Map() });
    expect(entryConditionHolds(compiled, { ...newLead('ada'), attributes: { region: 'emea' } }, [], 0)).toBe(false);
  });

  it("reads as far back as the resolved segment's engagement window", () => {
    const journey = journeySchema.parse(segmentJourney({ segment: { saved: 'seg-active' } }));
    expect(lookbackOf(journey).eventsMs).toBe(0);
    const resolved = resolveSavedSegments(journey, new Map([['seg-active', recentlyActive]]));
    expect(lookbackOf(resolved).eventsMs).toBeGreaterThanOrEqual(30 * 86_400_000);
    expect(resolveSavedSegments(journey, new Map())).toBe(journey);
  });
});
