import type { LeadCard } from '../api/people.js';

/** What a card calls a lead: its name, else its email, else its id. */
export function leadTitle(leadId: string, lead: LeadCard | undefined): string {
  return lead?.name ?? lead?.email ?? leadId;
}

/** The line under the title: the email when the title is a name, and the company. */
export function leadSubtitle(lead: LeadCard | undefined): string {
  if (!lead) return '';
  return [lead.name ? lead.email : null, lead.company].filter((part) => part).join(' · ');
}
