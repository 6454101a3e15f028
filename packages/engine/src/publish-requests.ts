import { randomUUID } from 'node:crypto';
import { hasErrors, type InFlightMap } from '@trellis/journey';
import {
  createPublishRequest,
  declinePublishRequest as declineStored,
  getJourney,
  getPublishRequest,
  type PublishRequestRecord,
} from '@trellis/store';
import type { Engine, PublishAnswer, PublishPreview, PublishRefusal } from './engine.js';
import { EngineError } from './errors.js';

/**
 * Approvals (docs/live-edits.md "Approvals"): where the workspace needs a second person for a
 * publish, the marketer asks (a request keeping the draft, the in-flight choice and the map),
 * and a reviewer or admin decides. Approving publishes exactly the draft that was asked for,
 * with the stored choice, as the approver; a request whose draft changed since is stale.
 * The checks a request gets are the publish's own (problems, no changes, the map), so a request
 * that could never be published is refused when it is made, not when it is approved.
 */

export interface RequestPublishInput {
  inFlight: 'stay' | 'move';
  map: InFlightMap;
  by: string;
}

/** Records a request to publish the journey's draft as it is now; the same refusals as publishing it. */
export async function requestPublish(engine: Engine, journeyId: string, input: RequestPublishInput): Promise<PublishRequestRecord | PublishRefusal> {
  const journey = await getJourney(engine.db, journeyId);
  if (!journey) throw new EngineError('not_found', `no journey "${journeyId}"`);
  if (journey.status === 'archived') throw new EngineError('conflict', 'an archived journey cannot be published again');
  const preview = await engine.previewPublish(journeyId, input.map);
  if (hasErrors(preview.problems)) return { problems: preview.problems };
  if (journey.publishedVersion !== null && preview.changes.length === 0) {
    throw new EngineError('no_changes', `the draft is the same as the published version ${journey.publishedVersion}: there are no changes to publish`);
  }
  if (input.inFlight === 'move' && preview.mapProblems.length > 0) return { problems: [], mapProblems: preview.mapProblems };
  return createPublishRequest(engine.db, {
    id: randomUUID(),
    journeyId,
    draft: journey.draft,
    baseVersion: journey.publishedVersion,
    inFlight: input.inFlight,
    // The map matters only to a move; a kept request stores none, so the review shows the defaults.
    map: input.inFlight === 'move' ? { ...input.map } : {},
    requestedBy: input.by,
    at: new Date(engine.clock()),
  });
}

/**
 * A request with its publish review recomputed now (the changes, problems and where the leads
 * inside would land with the request's map): what the reviewer decides on. A stale request's
 * review is of the draft as it is now, and the request says it is stale.
 */
export async function reviewPublishRequest(
  engine: Engine,
  journeyId: string,
  requestId: string,
): Promise<{ request: PublishRequestRecord; review: PublishPreview }> {
  const request = await requireRequest(engine, journeyId, requestId);
  return { request, review: await engine.previewPublish(journeyId, request.map) };
}

/**
 * Approves a pending request: publishes its draft with its in-flight choice and map, as `by`.
 * Refused to the person who asked (`own_request`), for a request decided or superseded
 * (`request_closed`) and for one whose draft changed since (`stale_request`).
 */
export async function approvePublishRequest(
  engine: Engine,
  journeyId: string,
  requestId: string,
  input: { by: string; comment: string | null },
): Promise<{ request: PublishRequestRecord; published: PublishAnswer } | PublishRefusal> {
  const request = await requireOpenRequest(engine, journeyId, requestId);
  if (request.requestedBy === input.by) {
    throw new EngineError('own_request', `${input.by} asked for this publish, so someone else (a reviewer or an admin) has to approve it`);
  }
  if (request.stale) throw staleRequest(request);
  const published = await engine.publish(journeyId, {
    inFlight: request.inFlight,
    map: request.map,
    approval: { requestId, by: input.by, comment: input.comment },
  });
  if ('problems' in published) return published;
  return { request: (await getPublishRequest(engine.db, journeyId, requestId))!, published };
}

/** Declines a pending request with the reviewer's comment (a stale one may be declined too). */
export async function declinePublishRequest(
  engine: Engine,
  journeyId: string,
  requestId: string,
  input: { by: string; comment: string },
): Promise<PublishRequestRecord> {
  await requireOpenRequest(engine, journeyId, requestId);
  const declined = await declineStored(engine.db, { journeyId, id: requestId, by: input.by, comment: input.comment, at: new Date(engine.clock()) });
  // Decided by someone else between the read and the write.
  if (!declined) throw new EngineError('request_closed', 'this request was decided meanwhile');
  return declined;
}

async function requireRequest(engine: Engine, journeyId: string, requestId: string): Promise<PublishRequestRecord> {
  const request = await getPublishRequest(engine.db, journeyId, requestId);
  if (!request) throw new EngineError('not_found', `journey "${journeyId}" has no publish request "${requestId}"`);
  return request;
}

async function requireOpenRequest(engine: Engine, journeyId: string, requestId: string): Promise<PublishRequestRecord> {
  const request = await requireRequest(engine, journeyId, requestId);
  if (request.status !== 'pending') {
    const how = request.status === 'superseded' ? 'superseded by a newer request' : `already ${request.status}${request.decidedBy ? ` by ${request.decidedBy}` : ''}`;
    throw new EngineError('request_closed', `this request was ${how}`);
  }
  return request;
}

function staleRequest(request: PublishRequestRecord): EngineError {
  return new EngineError(
    'stale_request',
    `the draft has changed since ${request.requestedBy} asked to publish it: this request is stale; ${request.requestedBy} can ask again for the draft as it is now`,
  );
}
