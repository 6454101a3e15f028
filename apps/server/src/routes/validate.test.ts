import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataTestApp, jsonRequest, testApp, welcomeJourney, json } from '../testing.js';

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

describeEachDatabase('POST /api/validate against the stored templates', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  beforeAll(async () => {
    t = dataTestApp(database.db);
    await t.app.request('/api/templates', jsonRequest({ id: 'reminder-text', channel: 'sms', name: 'Reminder', body: 'See you soon' }));
  });

  const withTemplate = (template: string) => ({
    ...welcomeJourney,
    nodes: welcomeJourney.nodes.map((n) => (n.id === 'hello' ? { ...n, data: { label: 'Welcome email', channel: 'email', template } } : n)),
  });

  it('reports a send naming a template that is not stored as unknown_template on its node', async () => {
    const res = await t.app.request('/api/validate', jsonRequest(withTemplate('welcome-1'), 'reviewer'));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      problems: [
        {
          severity: 'error',
          code: 'unknown_template',
          message: 'Send "Welcome email" names template "welcome-1", which does not exist; pick a stored email template or create it',
          nodeId: 'hello',
          path: ['nodes', 1, 'data', 'template'],
        },
      ],
    });
  });

  it('reports a stored template of another channel, and nothing once the send names one of its own', async () => {
    const other = await json(await t.app.request('/api/validate', jsonRequest(withTemplate('reminder-text'))));
    expect(other.problems.map((p: { code: string; message: string }) => [p.code, p.message])).toEqual([
      ['unknown_template', 'Send "Welcome email" names template "reminder-text", which is an SMS template, not an email one; pick a stored email template'],
    ]);
    await t.app.request('/api/templates', jsonRequest({ id: 'welcome-mail', channel: 'email', name: 'Welcome', subject: 'Hi', body: 'Hello' }));
    expect(await json(await t.app.request('/api/validate', jsonRequest(withTemplate('welcome-mail'))))).toEqual({ problems: [] });
  });
});
