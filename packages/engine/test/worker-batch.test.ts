import { createJourney } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { storeTemplatesOf } from '@trellis/store/test-templates';
import { expect, it } from 'vitest';
import { Engine, type WorkerBatch } from '../src/index.js';

/** `onBatch` tells metrics and logs what each committed worker batch did. */

const welcome = {
  schemaVersion: 1,
  name: 'Batch',
  settings: {},
  nodes: [
    { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: 'signup' } } },
    { id: 'hi', type: 'send', position: { x: 0, y: 100 }, data: { channel: 'email', template: 'welcome' } },
    { id: 'w', type: 'wait', position: { x: 0, y: 200 }, data: { for: 'P1D' } },
    { id: 'x', type: 'exit', position: { x: 0, y: 300 }, data: { outcome: 'done' } },
  ],
  edges: [
    { id: 'e1', source: 't', target: 'hi' },
    { id: 'e2', source: 'hi', target: 'w' },
    { id: 'e3', source: 'w', target: 'x' },
  ],
};

describeEachDatabase("the worker's batch report", (database) => {
  it('reports each committed batch: leads, steps and the sends it wrote by channel and status', async () => {
    const batches: WorkerBatch[] = [];
    const engine = new Engine(database.db, { onBatch: (batch) => batches.push(batch) });
    await createJourney(database.db, { id: 'batch', name: 'Batch', draft: welcome });
    await storeTemplatesOf(database.db, welcome);
    expect(await engine.publish('batch')).toEqual({ version: 1 });
    await engine.ingest([
      { id: 'signup-a', leadId: 'batch-a', type: 'signup', props: {} },
      { id: 'signup-b', leadId: 'batch-b', type: 'signup' },
    ]);
    await database.db.query(`update leads set email = id || '@example.com' where id like 'batch-%'`);
    expect(await engine.worker.drain()).toBe(2);

    expect(batches.map(({ ms: _, ...rest }) => rest)).toEqual([
      {
        leads: 2,
        // trigger, send and wait, for each lead
        steps: 6,
        sends: [
          { channel: 'email', status: 'sent' },
          { channel: 'email', status: 'sent' },
        ],
      },
    ]);
    expect(batches[0]!.ms).toBeGreaterThan(0);
  });
});
