import { describe, expect, it } from 'vitest';
import { parseRoute } from '../routes.js';
import { lastDays, periodInstants, resultsLink } from './results-route.js';

describe('the Results tab address', () => {
  it('reads the journey, version and period from the hash, and writes them back', () => {
    const route = parseRoute('#/results/trial%20nurture?version=3&from=2026-03-01&to=2026-03-31');
    expect(route).toEqual({ page: 'results', id: 'trial nurture', version: 3, from: '2026-03-01', to: '2026-03-31' });
    expect(resultsLink('trial nurture', { version: 3, from: '2026-03-01', to: '2026-03-31' })).toBe('#/results/trial%20nurture?version=3&from=2026-03-01&to=2026-03-31');
    expect(resultsLink('j1')).toBe('#/results/j1');
  });

  it('ignores a version or day it cannot read rather than asking the server with it', () => {
    expect(parseRoute('#/results/j1?version=0&from=yesterday&to=2026-13-45')).toEqual({ page: 'results', id: 'j1', version: null, from: null, to: null });
  });

  it('asks for whole UTC days with the last one included (the API excludes `to`)', () => {
    expect(periodInstants('2026-03-01', '2026-03-31')).toEqual({ from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' });
    expect(periodInstants(null, null)).toEqual({ from: null, to: null });
    expect(lastDays(7, new Date('2026-03-10T15:00:00Z'))).toEqual({ from: '2026-03-04', to: '2026-03-10' });
  });
});
