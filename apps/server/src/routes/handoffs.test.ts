import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, journeyOn, json, jsonRequest, uniqueId } from '../testing.js';

describeEachDatabase('handoff and queue routes', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  beforeAll(() => {
    t = dataTestApp(database.db);
  });

  /** Trigger → handoff to `queue` (round robin, 48 h SLA) → an exit per answer. */
  async function handOff(queue: string, leadCount: number) {
    const event = uniqueId('demo_requested');
    const journey = journeyOn(
      event,
      [
        { id: 'sales', type: 'handoff', position: { x: 0, y: 100 }, data: { queue, assign: 'round_robin', sla: 'PT48H' } },
        { id: 'won', type: 'exit', position: { x: 0, y: 200 }, data: { outcome: 'converted' } },
        { id: 'again', type: 'exit', position: { x: 100, y: 200 }, data: { outcome: 'recycled' } },
        { id: 'lost', type: 'exit', position: { x: 200, y: 200 }, data: { outcome: 'disqualified' } },
        { id: 'late', type: 'exit', position: { x: 300, y: 200 }, data: { outcome: 'sla_missed' } },
      ],
      [['start', 'sales'], ['sales', 'won', 'accepted'], ['sales', 'again', 'recycled'], ['sales', 'lost', 'disqualified'], ['sales', 'late', 'sla_expired']],
    );
    const { id: journeyId } = await json(await t.app.request('/api/journeys', jsonRequest(journey)));
    expect((await t.app.request(`/api/journeys/${journeyId}/publish`, { method: 'POST', headers: bearer('marketer') })).status).toBe(200);
    const leads = Array.from({ length: leadCount }, (_, i) => `${uniqueId('lead')}-${i}`);
    await t.app.request('/api/events', jsonRequest({ events: leads.map((leadId) => ({ id: `${leadId}-ev`, leadId, type: event })) }, 'ingest'));
    await t.engine.worker.drain();
    const { handoffs } = await json(await t.app.request(`/api/handoffs?status=open&queue=${queue}`, { headers: bearer('sales') }));
    return { journeyId, leads, handoffs };
  }

  it('sets and reads queue members; an unknown queue is 404', async () => {
    const put = await t.app.request('/api/queues/inside-sales', jsonRequest({ members: ['ana@example.com', 'ben@example.com'] }, 'operator', 'PUT'));
    expect(put.status).toBe(200);
    const queue = {
      name: 'inside-sales',
      members: ['ana@example.com', 'ben@example.com'],
      openHandoffs: [
        { assignee: 'ana@example.com', open: 0 },
        { assignee: 'ben@example.com', open: 0 },
      ],
    };
    expect(await json(put)).toEqual(queue);
    expect(await json(await t.app.request('/api/queues/inside-sales', { headers: bearer('sales') }))).toEqual(queue);
    const all = await json(await t.app.request('/api/queues', { headers: bearer('marketer') }));
    expect(all.queues).toContainEqual(queue);
    expect((await t.app.request('/api/queues/nobody', { headers: bearer('sales') })).status).toBe(404);
    const bad = await t.app.request('/api/queues/x', jsonRequest({ members: 'ana' }, 'operator', 'PUT'));
    expect(bad.status).toBe(400);
  });

  it('counts the open handoffs each member holds, and keeps a member taken off the queue listed while they hold some', async () => {
    const queue = uniqueId('queue');
    await t.app.request(`/api/queues/${queue}`, jsonRequest({ members: ['ana', 'ben'] }, 'operator', 'PUT'));
    const { handoffs } = await handOff(queue, 3);
    const [first] = handoffs;
    await t.app.request(`/api/handoffs/${first.id}/accept`, jsonRequest({}, 'sales'));
    const held = (who: string) => handoffs.filter((h: { id: string; assignee: string }) => h.assignee === who && h.id !== first.id).length;
    const reordered = await t.app.request(`/api/queues/${queue}`, jsonRequest({ members: ['cy', 'ben'] }, 'operator', 'PUT'));
    expect(await json(reordered)).toEqual({
      name: queue,
      members: ['cy', 'ben'],
      openHandoffs: [
        { assignee: 'cy', open: 0 },
        { assignee: 'ben', open: held('ben') },
        ...(held('ana') > 0 ? [{ assignee: 'ana', open: held('ana') }] : []),
      ],
    });
    expect(held('ana') + held('ben')).toBe(2);
  });

  it('lists open handoffs assigned round robin, in the spec shape', async () => {
    const queue = uniqueId('queue');
    await t.app.request(`/api/queues/${queue}`, jsonRequest({ members: ['ana', 'ben'] }, 'operator', 'PUT'));
    const { journeyId, leads, handoffs } = await handOff(queue, 2);
    expect(handoffs).toHaveLength(2);
    expect(handoffs.map((h: { assignee: string }) => h.assignee).sort()).toEqual(['ana', 'ben']);
    const first = handoffs.find((h: { leadId: string }) => h.leadId === leads[0]);
    expect(first).toEqual({
      id: expect.any(String),
      leadId: leads[0],
      journeyId,
      nodeId: 'sales',
      queue,
      assignee: expect.any(String),
      dueAt: expect.stringMatching(/Z$/),
      status: 'open',
      note: null,
      createdAt: expect.any(String),
      answeredAt: null,
      answeredBy: null,
      returnAt: null,
      lead: { email: null, name: null, company: null },
    });
    expect(Date.parse(first.dueAt) - Date.parse(first.createdAt)).toBeGreaterThanOrEqual(48 * 3_600_000 - 1_000);
  });

  it("names each handoff's lead by email, name and company, in the list and in the answer", async () => {
    const queue = uniqueId('queue');
    const { leads } = await handOff(queue, 1);
    const lead = { email: 'ada@example.com', attributes: { first_name: 'Ada', last_name: 'Lovelace', company: 'Analytical Engines' } };
    expect((await t.app.request(`/api/leads/${leads[0]}`, jsonRequest(lead, 'ingest', 'PUT'))).status).toBe(200);
    const card = { email: 'ada@example.com', name: 'Ada Lovelace', company: 'Analytical Engines' };
    const [handoff] = (await json(await t.app.request(`/api/handoffs?status=open&queue=${queue}`, { headers: bearer('sales') }))).handoffs;
    expect(handoff.lead).toEqual(card);
    const answered = await json(await t.app.request(`/api/handoffs/${handoff.id}/accept`, jsonRequest({}, 'sales')));
    expect(answered).toMatchObject({ status: 'accepted', lead: card });
  });

  it('accepts a handoff with a note: the lead leaves by `accepted`, the note is on its timeline; a second answer is 409', async () => {
    const queue = uniqueId('queue');
    const { journeyId, leads, handoffs } = await handOff(queue, 1);
    const [handoff] = handoffs;
    const res = await t.app.request(`/api/handoffs/${handoff.id}/accept`, jsonRequest({ note: 'Booked a demo for Tuesday' }, 'sales'));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      ...handoff,
      status: 'accepted',
      note: 'Booked a demo for Tuesday',
      answeredAt: expect.stringMatching(/Z$/),
      answeredBy: 'sales user',
    });

    const lead = await json(await t.app.request(`/api/leads/${leads[0]}`, { headers: bearer('operator') }));
    expect(lead.journeys).toEqual([expect.objectContaining({ journeyId, nodeId: 'won', status: 'done', outcome: 'converted' })]);
    const { items } = await json(await t.app.request(`/api/leads/${leads[0]}/timeline`, { headers: bearer('sales') }));
    expect(items.filter((i: { kind: string }) => i.kind === 'note')).toEqual([
      { kind: 'note', at: expect.any(String), id: expect.any(String), author: 'sales user', body: 'Booked a demo for Tuesday', handoffId: handoff.id },
    ]);

    const again = await t.app.request(`/api/handoffs/${handoff.id}/recycle`, { method: 'POST', headers: bearer('sales') });
    expect(again.status).toBe(409);
    expect(await json(again)).toEqual({ error: { code: 'conflict', message: `Handoff "${handoff.id}" is already accepted.` } });
    const open = await json(await t.app.request(`/api/handoffs?status=open&queue=${queue}`, { headers: bearer('sales') }));
    expect(open.handoffs).toEqual([]);
  });

  it('recycles and disqualifies with no body at all, each by its own handle', async () => {
    const { leads, handoffs } = await handOff(uniqueId('queue'), 2);
    const byLead = (leadId: string) => handoffs.find((h: { leadId: string }) => h.leadId === leadId);
    const recycled = await t.app.request(`/api/handoffs/${byLead(leads[0]!).id}/recycle`, { method: 'POST', headers: bearer('sales') });
    expect([recycled.status, (await json(recycled)).status]).toEqual([200, 'recycled']);
    const disqualified = await t.app.request(`/api/handoffs/${byLead(leads[1]!).id}/disqualify`, jsonRequest({}, 'sales'));
    expect([disqualified.status, (await json(disqualified)).status]).toEqual([200, 'disqualified']);
    const outcomes = await Promise.all(
      leads.map(async (leadId) => (await json(await t.app.request(`/api/leads/${leadId}`, { headers: bearer('operator') }))).journeys[0].outcome),
    );
    expect(outcomes).toEqual(['recycled', 'disqualified']);
  });

  it('recycles with a date to bring the lead back: listed as returning, on the timeline; bad dates are 400', async () => {
    const queue = uniqueId('queue');
    const event = uniqueId('demo_requested');
    const journey = journeyOn(
      event,
      [
        { id: 'sales', type: 'handoff', position: { x: 0, y: 100 }, data: { queue, assign: 'round_robin', sla: 'PT48H' } },
        { id: 'nurture', type: 'wait', position: { x: 100, y: 200 }, data: { for: 'P7D' } },
        { id: 'won', type: 'exit', position: { x: 0, y: 200 }, data: { outcome: 'converted' } },
      ],
      [['start', 'sales'], ['sales', 'won', 'accepted'], ['sales', 'nurture', 'recycled'], ['nurture', 'sales']],
    );
    const { id: journeyId } = await json(await t.app.request('/api/journeys', jsonRequest(journey)));
    await t.app.request(`/api/journeys/${journeyId}/publish`, { method: 'POST', headers: bearer('marketer') });
    const leadId = uniqueId('lead');
    await t.app.request('/api/events', jsonRequest({ events: [{ id: `${leadId}-ev`, leadId, type: event }] }, 'ingest'));
    await t.engine.worker.drain();
    const [handoff] = (await json(await t.app.request(`/api/handoffs?status=open&queue=${queue}`, { headers: bearer('sales') }))).handoffs;
    const recycle = (body: unknown) => t.app.request(`/api/handoffs/${handoff.id}/recycle`, jsonRequest(body, 'sales'));

    const notADate = await recycle({ returnAt: 'next quarter' });
    expect(notADate.status).toBe(400);
    expect((await json(notADate)).error).toMatchObject({ code: 'invalid_body', problems: [{ path: ['returnAt'], message: 'must be an ISO 8601 date-time such as 2026-03-02T09:00:00Z' }] });
    const past = await recycle({ returnAt: '2020-01-01T09:00:00Z' });
    expect(past.status).toBe(400);
    expect((await json(past)).error.message).toMatch(/^The date to bring the lead back \(returnAt\) must be in the future and within 10 years/);
    const farAway = await recycle({ returnAt: '2999-01-01T09:00:00Z' });
    expect(farAway.status).toBe(400);
    const acceptWithDate = await t.app.request(`/api/handoffs/${handoff.id}/accept`, jsonRequest({ returnAt: '2030-01-01T09:00:00Z' }, 'sales'));
    expect([acceptWithDate.status, (await json(acceptWithDate)).error.code]).toEqual([400, 'invalid_body']);

    const returnAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const res = await recycle({ note: 'Budget frees up next month', returnAt });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ status: 'recycled', answeredBy: 'sales user', returnAt, note: 'Budget frees up next month' });

    const returning = await json(await t.app.request(`/api/handoffs/returning?queue=${queue}`, { headers: bearer('sales') }));
    expect(returning.handoffs).toMatchObject([{ id: handoff.id, leadId, returnAt, lead: { email: null, name: null, company: null } }]);
    const { items } = await json(await t.app.request(`/api/leads/${leadId}/timeline`, { headers: bearer('sales') }));
    expect(items.filter((i: { kind: string }) => i.kind === 'answer')).toEqual([
      {
        kind: 'answer',
        at: expect.any(String),
        handoffId: handoff.id,
        journeyId,
        nodeId: 'sales',
        answer: 'recycled',
        by: 'sales user',
        returnAt,
        journeyName: expect.any(String),
        nodeLabel: null,
        nodeType: 'handoff',
      },
    ]);
    const unknownParameter = await t.app.request('/api/handoffs/returning?when=soon', { headers: bearer('sales') });
    expect(unknownParameter.status).toBe(400);
    expect((await json(unknownParameter)).error.message).toBe('The query string is not valid: Unrecognized key: "when".');
  });

  it('answers 404 for an unknown handoff, 400 for a bad note or an unknown status filter', async () => {
    const missing = await t.app.request('/api/handoffs/nope/accept', { method: 'POST', headers: bearer('sales') });
    expect(missing.status).toBe(404);
    expect(await json(missing)).toEqual({ error: { code: 'not_found', message: 'No handoff "nope".' } });
    const badNote = await t.app.request('/api/handoffs/nope/accept', jsonRequest({ note: 42 }, 'sales'));
    expect([badNote.status, (await json(badNote)).error.code]).toEqual([400, 'invalid_body']);
    const badStatus = await t.app.request('/api/handoffs?status=pending', { headers: bearer('sales') });
    expect([badStatus.status, (await json(badStatus)).error.code]).toEqual([400, 'invalid_query']);
  });
});
