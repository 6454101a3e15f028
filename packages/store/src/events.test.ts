import { expect, it } from 'vitest';
import { getLead } from './leads.js';
import { ingestEvents, insertEvents, markEventsProcessed, pendingEvents, WORK_CHANNEL } from './events.js';
import { describeEachDatabase } from './test-databases.js';

describeEachDatabase('events', (database) => {
  it('accepts new events, creates the leads they name, and keeps them in batch order', async () => {
    const result = await ingestEvents(database.db, [
      { id: 'e1', leadId: 'ann', type: 'form_submitted', at: '2026-03-02T09:00:00Z', props: { form: 'demo' } },
      { id: 'e2', leadId: 'ann', type: 'page_visited', at: new Date('2026-03-02T08:00:00Z') },
      { id: 'e3', leadId: 'ben', type: 'email_opened' },
    ]);
    expect(result).toEqual({ accepted: 3, duplicates: 0 });
    expect(await getLead(database.db, 'ben')).toMatchObject({ id: 'ben', score: 0, attributes: {}, consent: {} });

    const pending = await pendingEvents(database.db, 'ann');
    expect(pending.map(({ id, type, at, props, processedAt }) => ({ id, type, at, props, processedAt }))).toEqual([
      { id: 'trellis.lead_created', type: 'lead_created', at: expect.any(Date), props: {}, processedAt: null },
      { id: 'e1', type: 'form_submitted', at: new Date('2026-03-02T09:00:00Z'), props: { form: 'demo' }, processedAt: null },
      { id: 'e2', type: 'page_visited', at: new Date('2026-03-02T08:00:00Z'), props: {}, processedAt: null },
    ]);
    expect(pending[1]!.seq).toBeLessThan(pending[2]!.seq);
    expect(typeof pending[1]!.seq).toBe('number');
  });

  it('gives a lead that a batch creates one lead_created event, before its own events', async () => {
    await ingestEvents(database.db, [
      { id: 'k1', leadId: 'kim', type: 'page_visited' },
      { id: 'k2', leadId: 'kim', type: 'page_visited' },
    ]);
    await ingestEvents(database.db, [{ id: 'k3', leadId: 'kim', type: 'page_visited' }]);
    expect((await pendingEvents(database.db, 'kim')).map((event) => event.id)).toEqual(['trellis.lead_created', 'k1', 'k2', 'k3']);
  });

  it("puts lead_created after the lead_updated events that open a new lead's part of the batch, so it sees the lead as created", async () => {
    const answer = await ingestEvents(database.db, [
      { id: 'u1', leadId: 'liv', type: 'lead_updated', props: { score: 80 } },
      { id: 'o1', leadId: 'oli', type: 'page_visited' },
      { id: 'u2', leadId: 'liv', type: 'lead_updated', props: { stage: 'mql' } },
      { id: 'v1', leadId: 'liv', type: 'page_visited' },
      { id: 'u3', leadId: 'liv', type: 'lead_updated', props: { score: 90 } },
      { id: 'u1', leadId: 'liv', type: 'lead_updated', props: { score: 1 } },
      { id: 'o2', leadId: 'oli', type: 'lead_updated', props: { score: 5 } },
    ]);
    expect(answer).toEqual({ accepted: 6, duplicates: 1 });
    expect((await pendingEvents(database.db, 'liv')).map((event) => event.id)).toEqual(['u1', 'u2', 'trellis.lead_created', 'v1', 'u3']);
    expect((await pendingEvents(database.db, 'oli')).map((event) => event.id)).toEqual(['trellis.lead_created', 'o1', 'o2']);
    // An existing lead gets no lead_created, whatever its batch opens with.
    await ingestEvents(database.db, [{ id: 'u4', leadId: 'liv', type: 'lead_updated', props: {} }]);
    expect((await pendingEvents(database.db, 'liv')).map((event) => event.id)).toEqual(['u1', 'u2', 'trellis.lead_created', 'v1', 'u3', 'u4']);
  });

  it('stamps an event without a time with when it was received', async () => {
    await ingestEvents(database.db, [{ id: 'untimed', leadId: 'cat', type: 'lead_created' }]);
    const event = (await pendingEvents(database.db, 'cat')).find((pending) => pending.id === 'untimed');
    expect(event!.at).toEqual(event!.receivedAt);
  });

  it('counts a resent event as a duplicate and changes nothing', async () => {
    const before = await pendingEvents(database.db, 'ann');
    const result = await ingestEvents(database.db, [
      { id: 'e1', leadId: 'ann', type: 'something_else', at: '2030-01-01T00:00:00Z', props: { changed: true } },
      { id: 'e4', leadId: 'ann', type: 'email_clicked' },
    ]);
    expect(result).toEqual({ accepted: 1, duplicates: 1 });
    const after = await pendingEvents(database.db, 'ann');
    expect(after.slice(0, 3)).toEqual(before);
    expect(after.map((event) => event.id)).toEqual(['trellis.lead_created', 'e1', 'e2', 'e4']);
  });

  it('counts a repeat of an id inside one batch as a duplicate: the first one wins', async () => {
    const result = await ingestEvents(database.db, [
      { id: 'twice', leadId: 'dee', type: 'first' },
      { id: 'twice', leadId: 'dee', type: 'second' },
    ]);
    expect(result).toEqual({ accepted: 1, duplicates: 1 });
    expect((await pendingEvents(database.db, 'dee')).map((event) => event.type)).toEqual(['lead_created', 'first']);
  });

  it('reads the event id as an idempotency key per lead: the same id on another lead is another event', async () => {
    const result = await ingestEvents(database.db, [
      { id: 'shared-id', leadId: 'eve', type: 'page_visited' },
      { id: 'shared-id', leadId: 'fay', type: 'page_visited' },
    ]);
    expect(result).toEqual({ accepted: 2, duplicates: 0 });
  });

  it('makes the lead due now, keeping an earlier due time', async () => {
    const [{ now }] = (await database.db.query<{ now: Date }>('select now() as now')) as [{ now: Date }];
    await ingestEvents(database.db, [{ id: 'g1', leadId: 'gus', type: 'page_visited' }]);
    const due = (await getLead(database.db, 'gus'))!.dueAt!;
    expect(due.getTime()).toBeGreaterThanOrEqual(now.getTime());

    const earlier = new Date('2020-01-01T00:00:00Z');
    await database.db.query('update leads set due_at = $2 where id = $1', ['gus', earlier]);
    await ingestEvents(database.db, [{ id: 'g2', leadId: 'gus', type: 'page_visited' }]);
    expect((await getLead(database.db, 'gus'))!.dueAt).toEqual(earlier);
  });

  it('writes a lead the batch creates once, due at the given time; an existing lead gets one update', async () => {
    const now = new Date('2026-03-04T10:00:00.000Z');
    await database.db.query(`insert into leads (id, email) values ('hob', 'hob@example.com')`);
    const updates = await database.db.transaction(async (tx) => {
      const leadUpdates = async () =>
        (await tx.query<{ n: number }>(`select n_tup_upd::int as n from pg_stat_xact_user_tables where relname = 'leads'`))[0]!.n;
      const before = await leadUpdates();
      await insertEvents(
        tx,
        [
          { id: 'once-1', leadId: 'isa', type: 'lead_updated', props: { email: 'isa@example.com' } },
          { id: 'once-2', leadId: 'hob', type: 'lead_updated', props: { stage: 'mql' } },
          { id: 'once-3', leadId: 'ike', type: 'lead_updated', at: '2026-03-04T09:00:00Z', props: { stage: 'lead' } },
        ],
        now,
      );
      return (await leadUpdates()) - before;
    });
    // hob is made due (one update); isa and ike were inserted due, not inserted and then updated.
    expect(updates).toBe(1);
    expect(await database.db.query(`select id, due_at as "dueAt" from leads where id in ('isa', 'hob', 'ike') order by id`)).toEqual([
      { id: 'hob', dueAt: now },
      { id: 'ike', dueAt: now },
      { id: 'isa', dueAt: now },
    ]);
    expect((await pendingEvents(database.db, 'ike')).map(({ id, at }) => ({ id, at }))).toEqual([
      { id: 'once-3', at: new Date('2026-03-04T09:00:00Z') },
      // No later than the lead's first event.
      { id: 'trellis.lead_created', at: new Date('2026-03-04T09:00:00Z') },
    ]);
    expect((await pendingEvents(database.db, 'isa')).map(({ id, at }) => ({ id, at }))).toEqual([
      { id: 'once-1', at: now },
      { id: 'trellis.lead_created', at: now },
    ]);
  });

  it('leaves a lead whose events were all duplicates as it was', async () => {
    await database.db.query('update leads set due_at = null where id = $1', ['gus']);
    expect(await ingestEvents(database.db, [{ id: 'g1', leadId: 'gus', type: 'page_visited' }])).toEqual({
      accepted: 0,
      duplicates: 1,
    });
    expect((await getLead(database.db, 'gus'))!.dueAt).toBeNull();
  });

  it(`wakes listeners on ${WORK_CHANNEL} once the batch is committed, and not for duplicates alone`, async () => {
    let wakes = 0;
    const unsubscribe = await database.db.listen(WORK_CHANNEL, () => (wakes += 1));
    await ingestEvents(database.db, [{ id: 'h1', leadId: 'hal', type: 'page_visited' }]);
    const deadline = Date.now() + 5_000;
    while (wakes === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(wakes).toBe(1);
    await ingestEvents(database.db, [{ id: 'h1', leadId: 'hal', type: 'page_visited' }]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(wakes).toBe(1);
    await unsubscribe();
  });

  it('stores nothing from a batch that fails', async () => {
    await expect(
      ingestEvents(database.db, [
        { id: 'i1', leadId: 'ivy', type: 'page_visited' },
        { id: 'i2', leadId: 'ivy', type: 'page_visited', at: 'not a time' },
      ]),
    ).rejects.toThrow(/not a time/);
    expect(await getLead(database.db, 'ivy')).toBeNull();
  });

  it('marks events processed so they are pending no more', async () => {
    await markEventsProcessed(database.db, 'ann', ['e1', 'e2']);
    expect((await pendingEvents(database.db, 'ann')).map((event) => event.id)).toEqual(['trellis.lead_created', 'e4']);
  });

  it('accepts an empty batch without touching the database', async () => {
    expect(await ingestEvents(database.db, [])).toEqual({ accepted: 0, duplicates: 0 });
  });
});
