import { expect, it } from 'vitest';
import { claimDueLeads } from './due-leads.js';
import { ingestEvents, pendingEvents } from './events.js';
import { loadLeadWork, noLeadWorkChanges, saveLeadWork } from './lead-work.js';
import { openPostgresExecutor } from './postgres-executor.js';
import { describePostgres } from './test-databases.js';

/**
 * An event acknowledged while a worker holds its lead must still be processed. The worker read
 * the lead's pending events before the event committed, so it clears the lead's due time having
 * never seen it; ingest must wait for that worker and mark the lead due after it, or the event
 * sits unprocessed forever (0.2–0.55% of events under load before this was fixed).
 */


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describePostgres('an event ingested while a worker holds its lead', (database) => {
  it('is due after the worker commits, even though the worker cleared the due time without seeing it', async () => {
    const now = new Date();
    // Workers look a minute ahead, so the database's clock and this one need not agree to the millisecond.
    const later = new Date(now.getTime() + 60_000);
    await ingestEvents(database.db, [{ id: 'first', leadId: 'held', type: 'page_visited', at: now.toISOString() }], now);
    const ingestSession = openPostgresExecutor(database.databaseUrl!, { maxConnections: 1 });
    try {
      let ingestDone = false;
      let ingest!: Promise<unknown>;
      await database.db.transaction(async (tx) => {
        const claimed = await claimDueLeads(tx, 10, later);
        expect(claimed.map((lead) => lead.id)).toEqual(['held']);
        const work = await loadLeadWork(tx, ['held'], { history: false, sendsSince: null });
        expect(work.pendingEvents.map((event) => event.id)).toEqual(['trellis.lead_created', 'first']);
        // Another server acknowledges a new event for the lead while this worker holds it.
        ingest = ingestEvents(ingestSession, [{ id: 'second', leadId: 'held', type: 'page_visited', at: now.toISOString() }], now).then(
          (answer) => {
            ingestDone = true;
            return answer;
          },
        );
        await sleep(300);
        // The worker finishes what it read: those events are processed, nothing else is due.
        await saveLeadWork(tx, {
          ...noLeadWorkChanges(),
          processedEvents: work.pendingEvents.map((event) => ({ leadId: event.leadId, id: event.id })),
          dueAt: [{ leadId: 'held', dueAt: null }],
        });
      });
      expect(await ingest).toEqual({ accepted: 1, duplicates: 0 });
      expect(ingestDone).toBe(true);
      expect((await pendingEvents(database.db, 'held')).map((event) => event.id)).toEqual(['second']);
      const dueNow = await database.db.transaction((tx) => claimDueLeads(tx, 10, later));
      expect(dueNow.map((lead) => lead.id)).toEqual(['held']);
    } finally {
      await ingestSession.close();
    }
  });
});
