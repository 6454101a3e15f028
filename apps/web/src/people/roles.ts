import type { Role } from '../api/people.js';

/**
 * What each role may do, as the server's route roles read (apps/server/src/routes): the pages
 * hide what the API would refuse (403). Admin may do everything.
 */
export const CAN = {
  editJourneys: ['marketer'],
  readJourneys: ['marketer', 'reviewer', 'operator'],
  comment: ['marketer', 'reviewer'],
  operate: ['operator'],
  pauseResume: ['marketer', 'operator'],
  readOutbox: ['marketer', 'operator'],
  workSalesQueue: ['sales'],
  manageTokens: [],
  readLeads: ['marketer', 'reviewer', 'operator', 'sales'],
  readSegments: ['marketer', 'reviewer', 'operator'],
  writeSegments: ['marketer'],
  importLeads: ['marketer'],
  readScoring: ['marketer', 'reviewer', 'operator'],
  writeScoring: ['marketer'],
  readSenders: ['marketer', 'reviewer', 'operator'],
  writeSenders: ['marketer'],
  readQueues: ['operator', 'sales', 'marketer'],
  writeQueues: ['operator'],
  readTemplates: ['marketer', 'reviewer', 'operator'],
  previewTemplates: ['marketer', 'reviewer'],
  editTemplates: ['marketer'],
} as const satisfies Record<string, readonly Role[]>;

export function can(role: Role | undefined, what: keyof typeof CAN): boolean {
  if (!role) return false;
  return role === 'admin' || (CAN[what] as readonly Role[]).includes(role);
}

/** Where a role starts after signing in. */
export function homeOf(role: Role): string {
  if (role === 'sales') return '#/sales';
  return '#/';
}
