import { claimDueLeads, setLeadDueAt } from './due-leads.js';
import { ingestEvents, markEventsProcessed, pendingEvents } from './events.js';
import {
  createJourney,
  getJourney,
  getJourneyVersion,
  listJourneys,
  publishJourney,
  saveJourneyDraft,
  setJourneyStatus,
} from './journeys.js';
import { getLead, upsertLead } from './leads.js';
import type { SqlExecutor } from './sql.js';
import { createToken, findToken, listTokens, revokeToken } from './tokens.js';

type WithoutDb<F> = F extends (db: never, ...args: infer A) => infer R ? (...args: A) => R : never;

function bind<F extends (db: SqlExecutor, ...args: never[]) => unknown>(db: SqlExecutor, query: F): WithoutDb<F> {
  return ((...args: never[]) => query(db, ...args)) as WithoutDb<F>;
}

/**
 * The store's queries bound to one database. Queries that take part in a caller's
 * transaction (claimDueLeads, setLeadDueAt, pendingEvents, markEventsProcessed) are also
 * exported on their own, taking the transaction as their first argument.
 */
export function createStore(db: SqlExecutor) {
  return {
    db,
    kind: db.kind,
    journeys: {
      create: bind(db, createJourney),
      get: bind(db, getJourney),
      list: bind(db, listJourneys),
      saveDraft: bind(db, saveJourneyDraft),
      publish: bind(db, publishJourney),
      setStatus: bind(db, setJourneyStatus),
      getVersion: bind(db, getJourneyVersion),
    },
    tokens: {
      create: bind(db, createToken),
      find: bind(db, findToken),
      list: bind(db, listTokens),
      revoke: bind(db, revokeToken),
    },
    leads: {
      upsert: bind(db, upsertLead),
      get: bind(db, getLead),
    },
    events: {
      ingest: bind(db, ingestEvents),
      pending: bind(db, pendingEvents),
      markProcessed: bind(db, markEventsProcessed),
    },
    work: {
      claimDueLeads,
      setLeadDueAt,
    },
    transaction: db.transaction.bind(db),
    close: () => db.close(),
  };
}

export type Store = ReturnType<typeof createStore>;
