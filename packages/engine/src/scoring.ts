import { randomUUID } from 'node:crypto';
import { scoringModelSchema, type ScoringModel } from '@trellis/journey';
import { readScoringModel, replaceScoringModel, WORK_CHANNEL, type RescoreJob, type SqlExecutor, type SqlQueryable, type StoredScoringModel } from '@trellis/store';

/**
 * The scoring model as the worker uses it: read once per batch (one small row, so a change made
 * by any server is seen by the next batch everywhere), parsed again only when its version moves.
 */
export class ScoringCache {
  private version = -1;
  private model: ScoringModel | null = null;

  async current(db: SqlQueryable): Promise<ScoringModel | null> {
    const stored = await readScoringModel(db);
    if (!stored) return null;
    if (stored.version !== this.version) {
      // Only models the schema accepted are stored; one that no longer parses scores nothing rather than stalling leads.
      const parsed = scoringModelSchema.safeParse(stored.model);
      this.model = parsed.success ? parsed.data : null;
      this.version = stored.version;
    }
    return this.model;
  }
}

/** Whether fit rules test engagement, so the worker must load the lead's whole history for them. */
export function needsWholeHistory(model: ScoringModel): boolean {
  return model.rules.some((rule) => 'condition' in rule.on && JSON.stringify(rule.on.condition).includes('"event"'));
}

/**
 * `PUT /api/scoring`: stores the model and starts re-scoring every lead with it, in one
 * transaction, then wakes the workers (an idle worker takes the re-score a page at a time).
 */
export async function saveScoringModel(
  db: SqlExecutor,
  model: ScoringModel,
  by: string | null,
  now: number,
): Promise<{ stored: StoredScoringModel; rescore: RescoreJob }> {
  return db.transaction(async (tx) => {
    const saved = await replaceScoringModel(tx, model, by, new Date(now), randomUUID());
    await tx.notify(WORK_CHANNEL, '');
    return saved;
  });
}
