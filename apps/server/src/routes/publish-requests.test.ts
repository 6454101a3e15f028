import { journeySchema } from '@trellis/journey';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, json, jsonRequest, storeTemplatesFor, waitingJourney } from '../testing.js';

/** Approvals (docs/live-edits.md "Approvals"): request, review, approve, decline, and the 403 for a direct publish. */

describeEachDatabase('publish requests and approvals (routes)', (database) => {
  let setup: ReturnType<typeof dataTestApp>;
  beforeAll(async () => {
    setup = dataTestApp(database.db);
  });
  afterEach(async () => {
    // The setting is the workspace's: every test starts with approvals off.
    await setup.app.request('/api/settings/approvals', jsonRequest({ required: false }, 'admin', 'PUT'));
  });

  const post = (path: string, body: unknown, role: Parameters<typeof bearer>[0]) => setup.app.request(path, jsonRequest(body, role));

  /** A published journey with `leads` leads waiting at its 1-day wait, its draft's wait changed to `wait`, approvals on. */
  async function liveJourney(leads: number, wait = 'PT6H') {
    const { app, engine } = setup;
    const event = `signed_up_${Math.random().toString(36).slice(2, 8)}`;
    const journey = waitingJourney(event);
    await storeTemplatesFor(app, journeySchema.parse(journey));
    const created = await json(await app.request('/api/journeys', jsonRequest(journey)));
    expect((await app.request(`/api/journeys/${created.id}/publish`, { method: 'POST', headers: bearer('marketer') })).status).toBe(200);
    await engine.ingest(Array.from({ length: leads }, (_, i) => ({ id: `${event}-e${i}`, leadId: `${event}-lead-${i}`, type: event })));
    await engine.worker.drain();
    const changed = { ...journey, nodes: journey.nodes.map((n) => (n.id === 'pause' ? { ...n, data: { for: wait } } : n)) };
    expect((await app.request(`/api/journeys/${created.id}`, jsonRequest(changed, 'marketer', 'PUT'))).status).toBe(200);
    expect((await app.request('/api/settings/approvals', jsonRequest({ required: true }, 'admin', 'PUT'))).status).toBe(200);
    return { id: created.id as string, changed };
  }

  it('refuses a marketer a direct publish while approvals are on (403 approval_required); an admin may still publish', async () => {
    const { id } = await liveJourney(1);
    expect(await json(await setup.app.request('/api/settings/approvals', { headers: bearer('reviewer') }))).toEqual({ required: true });
    const refused = await setup.app.request(`/api/journeys/${id}/publish`, { method: 'POST', headers: bearer('marketer') });
    expect(refused.status).toBe(403);
    expect((await json(refused)).error.code).toBe('approval_required');
    const versions = await json(await setup.app.request(`/api/journeys/${id}/versions`, { headers: bearer('marketer') }));
    expect(versions.versions).toHaveLength(1);
    const byAdmin = await setup.app.request(`/api/journeys/${id}/publish`, { method: 'POST', headers: bearer('admin') });
    expect(await json(byAdmin)).toEqual({ version: 2 });
    // Only an admin turns the setting.
    expect((await setup.app.request('/api/settings/approvals', jsonRequest({ required: false }, 'marketer', 'PUT'))).status).toBe(403);
  });

  it('a marketer requests with a move; a reviewer reads the review, approves, and the draft is published with the move as the reviewer', async () => {
    const { id } = await liveJourney(3);
    const made = await post(`/api/journeys/${id}/publish-requests`, { inFlight: 'move' }, 'marketer');
    expect(made.status).toBe(201);
    const request = await json(made);
    expect(request).toEqual(
      expect.objectContaining({ journeyId: id, status: 'pending', stale: false, inFlight: 'move', map: {}, baseVersion: 1, requestedBy: 'marketer user', decidedBy: null, version: null }),
    );
    const list = await json(await setup.app.request('/api/journeys', { headers: bearer('reviewer') }));
    expect(list.journeys.find((j: { id: string }) => j.id === id).approvalRequested).toEqual({ id: request.id, by: 'marketer user', at: request.requestedAt, stale: false });

    const review = await json(await setup.app.request(`/api/journeys/${id}/publish-requests/${request.id}`, { headers: bearer('reviewer') }));
    expect(review.review).toEqual({
      version: 2,
      changes: [{ mark: 'changed', nodeId: 'pause', text: 'Changed wait pause', fields: [{ field: 'for', before: '1 day', after: '6 hours' }] }],
      inFlight: [{ fromVersion: 1, fromNode: 'pause', toNode: 'pause', leads: 3 }],
      problems: [],
    });

    const approved = await post(`/api/journeys/${id}/publish-requests/${request.id}/approve`, { comment: 'Shorter is better' }, 'reviewer');
    expect(approved.status).toBe(200);
    const answer = await json(approved);
    expect(answer).toEqual({
      request: expect.objectContaining({ status: 'approved', decidedBy: 'reviewer user', comment: 'Shorter is better', version: 2, stale: false }),
      version: 2,
      moved: 3,
      stayed: 0,
    });
    const moves = await json(await setup.app.request(`/api/journeys/${id}/moves`, { headers: bearer('reviewer') }));
    expect(moves.moves).toEqual([expect.objectContaining({ version: 2, moved: 3 })]);
    const after = await json(await setup.app.request('/api/journeys', { headers: bearer('reviewer') }));
    expect(after.journeys.find((j: { id: string }) => j.id === id)).toEqual(expect.objectContaining({ publishedVersion: 2, approvalRequested: null }));
    const again = await post(`/api/journeys/${id}/publish-requests/${request.id}/approve`, {}, 'reviewer');
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe('request_closed');
  });

  it('refuses the requester their own approval (403 own_request), and a marketer approving at all (403)', async () => {
    const { id } = await liveJourney(0);
    const request = await json(await post(`/api/journeys/${id}/publish-requests`, {}, 'admin'));
    expect(request.requestedBy).toBe('admin user');
    const own = await post(`/api/journeys/${id}/publish-requests/${request.id}/approve`, {}, 'admin');
    expect(own.status).toBe(403);
    expect((await json(own)).error).toEqual({
      code: 'own_request',
      message: 'Admin user asked for this publish, so someone else (a reviewer or an admin) has to approve it.',
    });
    const byMarketer = await post(`/api/journeys/${id}/publish-requests/${request.id}/approve`, {}, 'marketer');
    expect(byMarketer.status).toBe(403);
    expect((await json(byMarketer)).error.code).toBe('forbidden');
    const requests = await json(await setup.app.request(`/api/journeys/${id}/publish-requests`, { headers: bearer('operator') }));
    expect(requests.requests.map((r: { status: string }) => r.status)).toEqual(['pending']);
  });

  it('a request whose draft changed since is stale: it says so and approving it is 409 stale_request, publishing nothing', async () => {
    const { id, changed } = await liveJourney(0);
    const request = await json(await post(`/api/journeys/${id}/publish-requests`, {}, 'marketer'));
    // Saving the same document again (keys in another order) is not a change.
    const reordered = Object.fromEntries(Object.entries(changed).reverse());
    await setup.app.request(`/api/journeys/${id}`, jsonRequest(reordered, 'marketer', 'PUT'));
    expect((await json(await setup.app.request(`/api/journeys/${id}/publish-requests`, { headers: bearer('reviewer') }))).requests[0].stale).toBe(false);
    const edited = { ...changed, nodes: changed.nodes.map((n) => (n.id === 'pause' ? { ...n, data: { for: 'PT2H' } } : n)) };
    await setup.app.request(`/api/journeys/${id}`, jsonRequest(edited, 'marketer', 'PUT'));
    const listed = await json(await setup.app.request(`/api/journeys/${id}/publish-requests`, { headers: bearer('reviewer') }));
    expect(listed.requests).toEqual([expect.objectContaining({ id: request.id, status: 'pending', stale: true })]);
    const approving = await post(`/api/journeys/${id}/publish-requests/${request.id}/approve`, {}, 'reviewer');
    expect(approving.status).toBe(409);
    expect((await json(approving)).error).toEqual({
      code: 'stale_request',
      message: 'The draft has changed since marketer user asked to publish it: this request is stale; marketer user can ask again for the draft as it is now.',
    });
    const versions = await json(await setup.app.request(`/api/journeys/${id}/versions`, { headers: bearer('marketer') }));
    expect(versions.versions).toHaveLength(1);
    // Asking again supersedes the stale request.
    const fresh = await json(await post(`/api/journeys/${id}/publish-requests`, {}, 'marketer'));
    const history = await json(await setup.app.request(`/api/journeys/${id}/publish-requests`, { headers: bearer('reviewer') }));
    expect(history.requests.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [fresh.id, 'pending'],
      [request.id, 'superseded'],
    ]);
  });

  it('declines with a comment the requester reads; a decline needs a comment (400 naming it)', async () => {
    const { id } = await liveJourney(0);
    const request = await json(await post(`/api/journeys/${id}/publish-requests`, {}, 'marketer'));
    const bare = await post(`/api/journeys/${id}/publish-requests/${request.id}/decline`, { comment: '  ' }, 'reviewer');
    expect(bare.status).toBe(400);
    expect((await json(bare)).error.problems[0].path).toEqual(['comment']);
    const declined = await post(`/api/journeys/${id}/publish-requests/${request.id}/decline`, { comment: 'Six hours is too pushy' }, 'reviewer');
    expect(declined.status).toBe(200);
    expect((await json(declined)).request).toEqual(
      expect.objectContaining({ status: 'declined', decidedBy: 'reviewer user', comment: 'Six hours is too pushy', version: null }),
    );
    const history = await json(await setup.app.request(`/api/journeys/${id}/publish-requests`, { headers: bearer('marketer') }));
    expect(history.requests).toEqual([expect.objectContaining({ status: 'declined', comment: 'Six hours is too pushy' })]);
    const list = await json(await setup.app.request('/api/journeys', { headers: bearer('marketer') }));
    expect(list.journeys.find((j: { id: string }) => j.id === id).approvalRequested).toBeNull();
    expect((await post(`/api/journeys/${id}/publish-requests/${request.id}/approve`, {}, 'reviewer')).status).toBe(409);
  });

  it('refuses a request as publishing would: no changes (409), a bad map (422 invalid_map), an unknown journey or request (404)', async () => {
    const { id } = await liveJourney(2);
    const badMap = await post(`/api/journeys/${id}/publish-requests`, { inFlight: 'move', map: { pause: 'nowhere' } }, 'marketer');
    expect(badMap.status).toBe(422);
    expect((await json(badMap)).error.code).toBe('invalid_map');
    expect((await setup.app.request(`/api/journeys/${id}/publish`, { method: 'POST', headers: bearer('admin') })).status).toBe(200);
    const unchanged = await post(`/api/journeys/${id}/publish-requests`, {}, 'marketer');
    expect(unchanged.status).toBe(409);
    expect((await json(unchanged)).error.code).toBe('no_changes');
    expect((await post('/api/journeys/nope/publish-requests', {}, 'marketer')).status).toBe(404);
    expect((await setup.app.request(`/api/journeys/${id}/publish-requests/nope`, { headers: bearer('reviewer') })).status).toBe(404);
  });
});
