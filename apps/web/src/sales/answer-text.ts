import type { Handoff } from '../api/people.js';
import { leadTitle } from './lead-label.js';
import { returnDayText } from './return-date.js';

/**
 * The confirmation after sales answer a handoff, from the server's answer:
 * "Recycled ada@example.com — back on Tue 23 Feb 2027".
 */
export function answerText(answered: Handoff): string {
  const who = leadTitle(answered.leadId, answered.lead);
  switch (answered.status) {
    case 'accepted':
      return `Accepted ${who}`;
    case 'disqualified':
      return `Disqualified ${who}`;
    case 'recycled':
      return answered.returnAt
        ? `Recycled ${who} — back on ${returnDayText(answered.returnAt)}`
        : `Recycled ${who} — back at the journey's next handoff`;
    default:
      return `Answered ${who} (${answered.status})`;
  }
}
