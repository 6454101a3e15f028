import { applyLeadPatch, leadPatchSchema, optOutEverywhere, type Lead } from './lead.js';

/**
 * How a lead event changes the lead itself, for the simulator and the engine alike:
 * `lead_updated` carries a `PUT /api/leads/:id` body, `unsubscribed` opts out of every channel.
 * A `lead_updated` whose props are not a valid lead body changes nothing (it was accepted as an
 * event, and its history is still there for conditions).
 */
export function applyEventToLead(lead: Lead, event: { type: string; props?: Record<string, unknown> }): Lead {
  if (event.type === 'unsubscribed') return optOutEverywhere(lead);
  if (event.type === 'lead_updated') {
    const patch = leadPatchSchema.safeParse(event.props ?? {});
    return patch.success ? applyLeadPatch(lead, patch.data) : lead;
  }
  return lead;
}
