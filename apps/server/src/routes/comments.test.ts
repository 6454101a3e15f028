import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, json, jsonRequest, storeTemplatesFor, welcomeJourney } from '../testing.js';

describeEachDatabase('comment routes', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  beforeAll(async () => {
    t = dataTestApp(database.db);
    await storeTemplatesFor(t.app, welcomeJourney);
  });

  async function newJourney(): Promise<string> {
    return (await json(await t.app.request('/api/journeys', jsonRequest(welcomeJourney)))).id;
  }

  it('a reviewer pins a thread to a node, a marketer replies, and everyone who reads journeys sees it', async () => {
    const id = await newJourney();
    const started = await t.app.request(`/api/journeys/${id}/comments`, jsonRequest({ nodeId: 'hello', body: '  Is the welcome too early?  ' }, 'reviewer'));
    expect(started.status).toBe(201);
    const thread = await json(started);
    expect(thread).toEqual({
      id: expect.any(String),
      nodeId: 'hello',
      version: null,
      author: 'reviewer user',
      body: 'Is the welcome too early?',
      createdAt: expect.stringMatching(/Z$/),
      resolved: false,
      resolvedAt: null,
      resolvedBy: null,
      replies: [],
    });
    const replied = await t.app.request(`/api/journeys/${id}/comments/${thread.id}/replies`, jsonRequest({ body: 'It goes at once on purpose.' }, 'marketer'));
    expect(replied.status).toBe(201);
    expect((await json(replied)).replies).toEqual([
      { id: expect.any(String), author: 'marketer user', body: 'It goes at once on purpose.', createdAt: expect.stringMatching(/Z$/) },
    ]);
    const whole = await json(await t.app.request(`/api/journeys/${id}/comments`, jsonRequest({ body: 'Approved for launch.' }, 'reviewer')));
    expect(whole.nodeId).toBeNull();

    const listed = await json(await t.app.request(`/api/journeys/${id}/comments`, { headers: bearer('operator') }));
    expect(listed.threads.map((th: { nodeId: string | null; body: string; replies: unknown[] }) => [th.nodeId, th.body, th.replies.length])).toEqual([
      ['hello', 'Is the welcome too early?', 1],
      [null, 'Approved for launch.', 0],
    ]);
  });

  it('resolves and reopens a thread, naming who resolved it', async () => {
    const id = await newJourney();
    const thread = await json(await t.app.request(`/api/journeys/${id}/comments`, jsonRequest({ nodeId: 'done', body: 'Outcome name?' }, 'reviewer')));
    const resolved = await t.app.request(`/api/journeys/${id}/comments/${thread.id}/resolve`, { method: 'POST', headers: bearer('marketer') });
    expect(resolved.status).toBe(200);
    expect(await json(resolved)).toMatchObject({ id: thread.id, resolved: true, resolvedBy: 'marketer user', resolvedAt: expect.stringMatching(/Z$/) });
    const reopened = await json(await t.app.request(`/api/journeys/${id}/comments/${thread.id}/reopen`, { method: 'POST', headers: bearer('reviewer') }));
    expect(reopened).toMatchObject({ resolved: false, resolvedAt: null, resolvedBy: null });
  });

  it('comments on a published version; a node the version lacks is 422, an unknown version or comment 404', async () => {
    const id = await newJourney();
    expect((await t.app.request(`/api/journeys/${id}/publish`, { method: 'POST', headers: bearer('marketer') })).status).toBe(200);
    const onVersion = await t.app.request(`/api/journeys/${id}/comments`, jsonRequest({ nodeId: 'start', version: 1, body: 'Which form?' }, 'reviewer'));
    expect(onVersion.status).toBe(201);
    expect((await json(onVersion)).version).toBe(1);

    const unknownNode = await t.app.request(`/api/journeys/${id}/comments`, jsonRequest({ nodeId: 'nope', version: 1, body: 'x' }, 'reviewer'));
    expect(unknownNode.status).toBe(422);
    expect(await json(unknownNode)).toEqual({
      error: {
        code: 'unknown_node',
        message: `There is no node "nope" in version 1 of journey "${id}".`,
        problems: [{ path: ['nodeId'], message: 'no such node' }],
      },
    });
    expect((await t.app.request(`/api/journeys/${id}/comments`, jsonRequest({ version: 9, body: 'x' }, 'reviewer'))).status).toBe(404);
    expect((await t.app.request(`/api/journeys/no-such/comments`, { headers: bearer('reviewer') })).status).toBe(404);
    const noComment = await t.app.request(`/api/journeys/${id}/comments/no-such/replies`, jsonRequest({ body: 'x' }, 'reviewer'));
    expect(noComment.status).toBe(404);
    expect((await json(noComment)).error.message).toBe(`Journey "${id}" has no comment "no-such".`);
  });

  it('refuses an empty comment with the problem named, and an operator may read but not write', async () => {
    const id = await newJourney();
    const empty = await t.app.request(`/api/journeys/${id}/comments`, jsonRequest({ body: '   ' }, 'reviewer'));
    expect(empty.status).toBe(400);
    expect((await json(empty)).error).toMatchObject({ code: 'invalid_body', problems: [{ path: ['body'], message: 'a comment needs some text' }] });
    expect((await t.app.request(`/api/journeys/${id}/comments`, jsonRequest({ body: 'hi' }, 'operator'))).status).toBe(403);
    expect((await t.app.request(`/api/journeys/${id}/comments`, { headers: bearer('sales') })).status).toBe(403);
  });
});
