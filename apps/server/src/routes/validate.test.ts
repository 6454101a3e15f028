import { describe, expect, it } from 'vitest';
import { jsonRequest, testApp, welcomeJourney, json } from '../testing.js';

const app = testApp();

describe('POST /api/validate', () => {
  it('answers 200 with no problems for a valid journey', async () => {
    const res = await app.request('/api/validate', jsonRequest(welcomeJourney));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ problems: [] });
  });

  it('answers 200 with every problem, placed on its node, for an invalid journey', async () => {
    const journey = {
      ...welcomeJourney,
      nodes: [
        ...welcomeJourney.nodes,
        { id: 'later', type: 'wait', position: { x: 0, y: 300 }, data: { for: 'P3X' } },
      ],
    };
    const res = await app.request('/api/validate', jsonRequest(journey));
    expect(res.status).toBe(200);
    const { problems } = await json(res);
    expect(problems.map((p: { code: string; severity: string; nodeId: string; path: unknown[] }) => [p.severity, p.code, p.nodeId, p.path])).toEqual([
      ['warning', 'missing_handle', 'later', ['nodes', 3]],
      ['error', 'unreachable', 'later', ['nodes', 3]],
      ['error', 'bad_duration', 'later', ['nodes', 3, 'data', 'for']],
    ]);
  });

  it('gives a body that is not even an object its problems, still with 200', async () => {
    const res = await app.request('/api/validate', jsonRequest([1, 2]));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      problems: [{ severity: 'error', code: 'schema', message: 'Journey: must be an object, not a list', path: [] }],
    });
  });
});
