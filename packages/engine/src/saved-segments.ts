import {
  deleteSegment,
  journeysUsingSegment,
  restartSegmentSweep,
  updateSegment,
  type ConditionJson,
  type JourneyUsingSegment,
  type SegmentRecord,
} from '@trellis/store';
import { JOURNEYS_CHANNEL } from './catalog.js';
import type { Engine } from './engine.js';

/**
 * Saved segments that published journeys name (`{ "segment": { "saved": id } }`). Membership is
 * live: an edited segment is the journeys' trigger from then on. The edit and a fresh sweep of
 * every published journey naming it commit together, so leads that meet the new condition
 * enter as they do when a segment journey is published; then every catalog is told
 * (JOURNEYS_CHANNEL), and compiles those versions with the new condition.
 */

/** Saves the segment's new name and condition (checked by the caller); null when there is none. */
export async function editSavedSegment(
  engine: Engine,
  id: string,
  segment: { name: string; condition: ConditionJson },
): Promise<{ segment: SegmentRecord; journeys: JourneyUsingSegment[] } | null> {
  const edited = await engine.db.transaction(async (tx) => {
    const saved = await updateSegment(tx, id, segment);
    if (!saved) return null;
    const journeys = await journeysUsingSegment(tx, id);
    // A paused journey enters nobody (its leads come in at their next event once resumed), so only active ones are swept.
    for (const journey of journeys) {
      if (journey.status === 'active') await restartSegmentSweep(tx, journey.id, journey.publishedVersion);
    }
    return { segment: saved, journeys };
  });
  if (edited && edited.journeys.length > 0) await announce(engine);
  return edited;
}

/**
 * Deletes a segment no published journey names. One that is named stays: the answer lists the
 * journeys (archive them, or publish them with another trigger, first).
 */
export async function deleteSavedSegment(engine: Engine, id: string): Promise<{ deleted: boolean; usedBy: JourneyUsingSegment[] }> {
  return engine.db.transaction(async (tx) => {
    const usedBy = await journeysUsingSegment(tx, id);
    if (usedBy.length > 0) return { deleted: false, usedBy };
    return { deleted: await deleteSegment(tx, id), usedBy };
  });
}

async function announce(engine: Engine): Promise<void> {
  engine.worker.catalog.invalidate();
  await engine.db.notify(JOURNEYS_CHANNEL, '');
  engine.worker.kick();
}
