import { explainWake, journeySchema, WAKE_REASON_KINDS, type WakeReason } from '@trellis/journey';
import { getJourneyVersion, type LeadAtNode, type SqlQueryable } from '@trellis/store';
import { z } from 'zod';

/**
 * Why each lead listed at a step wakes when it does (the live view's "why is this lead here"):
 * the step and settings of the version its run is on, read once per version, and
 * `explainWake` per lead. Null for a lead on a version that lacks the step (not expected).
 */

export const wakeReasonField = z
  .object({
    kind: z.enum(WAKE_REASON_KINDS),
    event: z.string().optional().describe('for `event`: the event awaited until wakeAt'),
    zone: z.string().describe("the lead's time zone the step's times are read in"),
  })
  .nullable()
  .describe(
    'why the lead wakes at wakeAt: delay, time_of_day, event (awaited until wakeAt), quiet_hours, send_window, sla, returning (held until heldUntil), paused, other',
  );

export async function wakeReasons(db: SqlQueryable, journeyId: string, nodeId: string, leads: readonly LeadAtNode[]): Promise<(WakeReason | null)[]> {
  const versions = new Map<number, ReturnType<typeof journeySchema.safeParse>>();
  for (const version of new Set(leads.map((l) => l.version))) {
    const stored = await getJourneyVersion(db, journeyId, version);
    versions.set(version, journeySchema.safeParse(stored?.document));
  }
  return leads.map((lead) => {
    const parsed = versions.get(lead.version);
    if (!parsed?.success) return null;
    const node = parsed.data.nodes.find((n) => n.id === nodeId);
    if (!node) return null;
    return explainWake(node, parsed.data.settings, {
      enteredAt: lead.enteredAt.getTime(),
      wakeAt: lead.wakeAt?.getTime() ?? null,
      heldUntil: lead.heldUntil?.getTime() ?? null,
      leadTimezone: lead.timezone,
    });
  });
}
