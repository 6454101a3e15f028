import type { SqlQueryable } from './sql.js';
import { upsertLead } from './leads.js';
import { countNewSends } from './send-count-changes.js';

/**
 * Test fixture: a send row as the engine writes it (status `sent`, pending delivery, due at
 * `at`, counted in the journey's send counters), for the delivery tests here and in the channels
 * package. Creates the lead if needed.
 */
export interface TestSend {
  leadId: string;
  id: string;
  channel: string;
  template: string;
  at?: Date;
  payload?: unknown;
  journeyId?: string;
  nodeId?: string;
  runId?: string;
  idempotencyKey?: string;
}

export async function insertTestSend(db: SqlQueryable, send: TestSend): Promise<void> {
  await upsertLead(db, send.leadId);
  const at = send.at ?? new Date();
  await db.query(
    `with written as (
       insert into sends (lead_id, id, run_id, journey_id, node_id, channel, template, status, at, idempotency_key,
                          payload, delivery_state, attempts, next_attempt_at)
       values ($1, $2, $3, $4, $5, $6, $7, 'sent', $8, $9, $10::jsonb, 'pending', 0, $8)
       returning journey_id, node_id, channel, status, delivery_state
     )
     ${countNewSends('written')}`,
    [
      send.leadId,
      send.id,
      send.runId ?? `run-${send.leadId}`,
      send.journeyId ?? 'journey-1',
      send.nodeId ?? 'send1',
      send.channel,
      send.template,
      at,
      send.idempotencyKey ?? `${send.leadId}:${send.id}`,
      send.payload ?? {},
    ],
  );
}
