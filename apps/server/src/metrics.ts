import type { DeliveryReport } from '@trellis/channels';
import type { WorkerBatch } from '@trellis/engine';
import type { WorkBacklog } from '@trellis/store';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

/**
 * What `GET /metrics` shows (TRELLIS_METRICS=1). Counters count work where it happens and
 * only once it is committed: events from the engine's ingest answer, steps from each worker
 * batch, sends when their status is final. Gauges are read from the database at scrape time,
 * so several servers sharing one PostgreSQL each show the same backlog.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly eventsIngested = new Counter({
    name: 'trellis_events_ingested_total',
    help: 'Events accepted by POST /api/events (committed; duplicates and rejected events are not counted)',
    registers: [this.registry],
  });
  private readonly steps = new Counter({
    name: 'trellis_steps_total',
    help: "Steps leads took in this process's worker batches",
    registers: [this.registry],
  });
  private readonly sends = new Counter({
    name: 'trellis_sends_total',
    help: 'Sends by final status: sent (accepted by the SMTP server or webhook receiver), failed, suppressed, capped',
    labelNames: ['channel', 'status'] as const,
    registers: [this.registry],
  });
  private readonly dueLeads = new Gauge({
    name: 'trellis_due_leads',
    help: 'Leads with work due now that no worker has applied yet',
    registers: [this.registry],
  });
  private readonly wakeLag = new Gauge({
    name: 'trellis_wake_lag_seconds',
    help: 'How late the oldest due lead is (0 when none is due)',
    registers: [this.registry],
  });
  private readonly deliveryPending = new Gauge({
    name: 'trellis_delivery_pending',
    help: 'Sends in the outbox not yet delivered or failed, retries waiting included',
    registers: [this.registry],
  });

  constructor(
    private readonly backlog: (now: Date) => Promise<WorkBacklog>,
    private readonly now: () => number = Date.now,
  ) {
    collectDefaultMetrics({ register: this.registry });
  }

  ingested(accepted: number): void {
    this.eventsIngested.inc(accepted);
  }

  /** A committed worker batch: its steps, and its sends that are final already (`sent` ones wait for delivery). */
  workerBatch(batch: WorkerBatch): void {
    this.steps.inc(batch.steps);
    for (const send of batch.sends) if (send.status !== 'sent') this.sends.inc({ channel: send.channel, status: send.status });
  }

  /** A delivery's outcome: delivered is the send's `sent`; a retry is not final yet. */
  delivery(report: DeliveryReport): void {
    if (report.outcome === 'delivered') this.sends.inc({ channel: report.channel, status: 'sent' });
    else if (report.outcome === 'failed') this.sends.inc({ channel: report.channel, status: 'failed' });
  }

  /** The Prometheus text exposition, with the backlog gauges read now. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    const now = this.now();
    const backlog = await this.backlog(new Date(now));
    this.dueLeads.set(backlog.dueLeads);
    this.wakeLag.set(backlog.oldestDueAt === null ? 0 : Math.max(0, (now - backlog.oldestDueAt.getTime()) / 1000));
    this.deliveryPending.set(backlog.pendingDeliveries);
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
