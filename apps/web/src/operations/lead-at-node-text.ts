import type { NodeType } from '@trellis/journey';
import type { LeadAtNode } from '../api/people.js';
import { shortTime } from '../people/timeline-text.js';

/**
 * What an operator reads beside a lead waiting at a step: who it is, and what it is waiting
 * for in the words of that step ("SLA ends", "wakes", "sends") rather than a bare timer.
 */
export function leadAtNodeText(lead: LeadAtNode, nodeType: NodeType | undefined): string {
  const who = [lead.email, `score ${lead.score}`, lead.stage].filter(Boolean).join(' · ');
  const timer = lead.heldUntil
    ? `back to sales ${shortTime(lead.heldUntil)} (recycled)`
    : lead.wakeAt
      ? `${nodeType === 'handoff' ? 'SLA ends' : nodeType === 'send' ? 'sends' : 'wakes'} ${shortTime(lead.wakeAt)}`
      : nodeType === 'send'
        ? 'held while the journey is paused'
        : '';
  return [who, `since ${shortTime(lead.enteredAt)}`, timer].filter(Boolean).join(' · ');
}
