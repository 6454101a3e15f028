import type { Journey } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import { ABSENT, fieldCandidates, setPath } from './condition-values.js';

const journey = {
  schemaVersion: 1,
  name: 'x',
  settings: { goal: { attr: 'stage', op: 'eq', value: 'sql' } },
  nodes: [
    {
      id: 'b',
      type: 'branch',
      position: { x: 0, y: 0 },
      data: {
        cases: [
          { handle: 'big', when: { all: [{ attr: 'company.size', op: 'gte', value: 200 }, { attr: 'industry', op: 'in', value: ['software', 'fintech'] }] } },
          { handle: 'known', when: { any: [{ attr: 'phone', op: 'exists' }, { attr: 'referrer', op: 'exists' }, { attr: 'consent.email', op: 'eq', value: 'opted_in' }] } },
        ],
      },
    },
  ],
  edges: [],
} as unknown as Journey;

describe('test-lead values from the journey’s conditions', () => {
  it('gives both sides of every field test', () => {
    expect(Object.fromEntries(fieldCandidates(journey))).toStrictEqual({
      'company.size': [100, 200, 300],
      industry: ['software', 'fintech', 'other'],
      referrer: ['yes', ABSENT],
      stage: ['sql', 'other'],
    });
  });

  it('sets dotted attribute paths as nested objects', () => {
    const attributes: Record<string, unknown> = { company: { name: 'Acme' } };
    setPath(attributes, 'company.size', 300);
    setPath(attributes, 'industry', 'software');
    expect(attributes).toStrictEqual({ company: { name: 'Acme', size: 300 }, industry: 'software' });
  });
});
