import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.js';

/** The exposition's own lines for Trellis (the process's default metrics are left out). */
async function trellisLines(metrics: Metrics): Promise<string[]> {
  const { text } = await metrics.exposition();
  return text.split('\n').filter((line) => line.startsWith('trellis_'));
}

describe('metrics', () => {
  const at = Date.parse('2026-03-02T09:00:00Z');

  it('reads the backlog gauges at scrape time: due leads, how late the oldest is, pending deliveries', async () => {
    const asked: Date[] = [];
    const metrics = new Metrics(
      async (now) => {
        asked.push(now);
        return { dueLeads: 3, oldestDueAt: new Date(at - 90_500), pendingDeliveries: 12 };
      },
      () => at,
    );
    expect(await trellisLines(metrics)).toEqual([
      'trellis_events_ingested_total 0',
      'trellis_steps_total 0',
      'trellis_due_leads 3',
      'trellis_wake_lag_seconds 90.5',
      'trellis_delivery_pending 12',
    ]);
    expect(asked).toEqual([new Date(at)]);
  });

  it('counts ingested events, steps, and sends once their status is final', async () => {
    const metrics = new Metrics(async () => ({ dueLeads: 0, oldestDueAt: null, pendingDeliveries: 0 }), () => at);
    metrics.ingested(5);
    metrics.ingested(2);
    metrics.workerBatch({
      leads: 2,
      steps: 7,
      sends: [
        { channel: 'email', status: 'sent' },
        { channel: 'email', status: 'suppressed' },
        { channel: 'sms', status: 'capped' },
      ],
      ms: 12,
    });
    const report = { leadId: 'l', sendId: 's', attempt: 1, error: null, missingFields: [], nextAttemptAt: null };
    metrics.delivery({ ...report, channel: 'email', outcome: 'delivered' });
    metrics.delivery({ ...report, channel: 'webhook', outcome: 'retry' });
    metrics.delivery({ ...report, channel: 'webhook', outcome: 'failed' });
    expect(await trellisLines(metrics)).toEqual([
      'trellis_events_ingested_total 7',
      'trellis_steps_total 7',
      'trellis_sends_total{channel="email",status="suppressed"} 1',
      'trellis_sends_total{channel="sms",status="capped"} 1',
      'trellis_sends_total{channel="email",status="sent"} 1',
      'trellis_sends_total{channel="webhook",status="failed"} 1',
      'trellis_due_leads 0',
      'trellis_wake_lag_seconds 0',
      'trellis_delivery_pending 0',
    ]);
  });
});
