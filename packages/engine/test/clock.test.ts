import { createJourney, leadJourneys } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { expect, it } from 'vitest';
import { Engine } from '../src/index.js';

/**
 * Every clock read is the engine's: what is due is decided by the clock the engine was given,
 * never by the database's `now()`. With a database clock ahead of the engine's (another
 * machine, a virtual clock), ingested events once never became due.
 */

const welcome = {
  schemaVersion: 1,
  name: 'Clock',
  settings: {},
  nodes: [
    { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: 'signup' } } },
    { id: 'w', type: 'wait', position: { x: 0, y: 100 }, data: { for: 'P1D' } },
    { id: 'x', type: 'exit', position: { x: 0, y: 200 }, data: { outcome: 'done' } },
  ],
  edges: [
    { id: 'e1', source: 't', target: 'w' },
    { id: 'e2', source: 'w', target: 'x' },
  ],
};

describeEachDatabase("the engine's clock", (database) => {
  it('an engine whose clock is a day behind the database still processes what it ingests, and wakes by its own clock', async () => {
    let now = Date.now() - 24 * 3_600_000;
    const engine = new Engine(database.db, { now: () => now });
    await createJourney(database.db, { id: 'clock', name: 'Clock', draft: welcome });
    expect(await engine.publish('clock')).toEqual({ version: 1 });

    await engine.ingest([{ id: 'signup-1', leadId: 'behind', type: 'signup' }]);
    await engine.worker.drain();
    expect(await leadJourneys(database.db, 'behind')).toMatchObject([{ journeyId: 'clock', nodeId: 'w', status: 'active' }]);

    // A day later by the engine's clock (the database's is a day further on still).
    now += 24 * 3_600_000;
    await engine.worker.drain();
    expect(await leadJourneys(database.db, 'behind')).toMatchObject([{ journeyId: 'clock', nodeId: 'x', status: 'done', outcome: 'done' }]);
  });
});
