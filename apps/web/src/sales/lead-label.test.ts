import { describe, expect, it } from 'vitest';
import { leadSubtitle, leadTitle } from './lead-label.js';

describe('lead labels', () => {
  it('calls a lead by name, then email, then id; the subtitle adds what the title left out', () => {
    const ada = { email: 'ada@example.com', name: 'Ada Lovelace', company: 'Analytical Engines' };
    expect([leadTitle('ada', ada), leadSubtitle(ada)]).toEqual(['Ada Lovelace', 'ada@example.com · Analytical Engines']);
    const bo = { email: 'bo@example.com', name: null, company: 'Bo & Co' };
    expect([leadTitle('bo', bo), leadSubtitle(bo)]).toEqual(['bo@example.com', 'Bo & Co']);
    const cy = { email: null, name: null, company: null };
    expect([leadTitle('cy', cy), leadSubtitle(cy)]).toEqual(['cy', '']);
    expect([leadTitle('dee', undefined), leadSubtitle(undefined)]).toEqual(['dee', '']);
  });
});
