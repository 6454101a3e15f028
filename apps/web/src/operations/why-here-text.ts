import type { JourneyNode, JourneySettings } from '@trellis/journey';
import type { LeadAtNode } from '../api/people.js';
import { describeDuration } from '../model/duration.js';
import { describeDays } from '../model/summary.js';
import { cadencePositionText } from '../model/cadence-text.js';

/**
 * Why a lead is at its step and until when, in words (issue 18: "held by quiet hours until
 * 08:00 its time", "waiting for a click until Friday"), from the reason the server works out
 * (`explainWake`). Times the rule reads on the lead's clock are also shown on it.
 */
export function whyHereText(lead: LeadAtNode, node: JourneyNode, settings: JourneySettings, viewerZone?: string): string {
  const reason = lead.reason;
  const until = lead.wakeAt ? when(lead.wakeAt, viewerZone) : null;
  const theirs = (iso: string) => (reason && reason.zone !== 'UTC' ? ` (${clock(iso, reason.zone)} its time)` : '');
  // In a cadence: which touch it has reached and what comes next, when.
  if (node.type === 'cadence' && lead.touch !== undefined) {
    return cadencePositionText(node.data.touches, lead.touch, lead.wakeAt, (iso) => `${when(iso, viewerZone)}${theirs(iso)}`);
  }
  if (!reason) return until ? `wakes ${until}` : '';
  switch (reason.kind) {
    case 'delay':
      return node.type === 'wait' && 'for' in node.data ? `waits ${describeDuration(node.data.for)}, until ${until}` : `waits until ${until}`;
    case 'time_of_day':
      return `waits for ${node.type === 'wait' && 'until' in node.data && 'time' in node.data.until ? `${node.data.until.time} its time` : 'a time of day'}: ${until}${theirs(lead.wakeAt!)}`;
    case 'event':
      return `waiting for ${reason.event ?? 'an event'} until ${until}`;
    case 'quiet_hours':
      return `held by quiet hours${settings.quietHours ? ` (${settings.quietHours.from}–${settings.quietHours.to})` : ''} until ${until}${theirs(lead.wakeAt!)}`;
    case 'send_window':
      return `held outside the send window${settings.sendWindow ? ` (${describeDays(settings.sendWindow.days)} ${settings.sendWindow.from}–${settings.sendWindow.to})` : ''} until ${until}${theirs(lead.wakeAt!)}`;
    case 'sla':
      return `with sales; the SLA ends ${until}`;
    case 'returning':
      return `recycled: back to sales ${lead.heldUntil ? when(lead.heldUntil, viewerZone) : until}`;
    case 'paused':
      return 'held while the journey is paused';
    default:
      return until ? `wakes ${until}` : '';
  }
}

function when(iso: string, zone?: string): string {
  return new Date(iso).toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', ...(zone ? { timeZone: zone } : {}) });
}

function clock(iso: string, zone: string): string {
  return new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: zone });
}
