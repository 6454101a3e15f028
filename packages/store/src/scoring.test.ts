import { expect, it } from 'vitest';
import { segmentsOfLead } from './lead-segments.js';
import { upsertLead } from './leads.js';
import {
  claimRescorePage,
  finishRescorePage,
  latestRescore,
  leadScore,
  loadScoreStates,
  readScoringModel,
  replaceScoringModel,
  saveScoreWork,
} from './scoring.js';
import { createSegment } from './segments.js';
import { describeEachDatabase } from './test-databases.js';

const NOW = new Date('2026-03-02T09:00:00Z');

describeEachDatabase('scoring', (database) => {
  it('keeps one model, counts its versions and starts a re-score that supersedes the running one', async () => {
    const { db } = database;
    expect(await readScoringModel(db)).toBeNull();
    for (const id of ['a', 'b', 'c']) await upsertLead(db, id);
    const first = await db.transaction((tx) => replaceScoringModel(tx, { rules: [] }, 'tok1', NOW, 'r1'));
    expect(first.stored).toEqual({ model: { rules: [] }, version: 1, updatedBy: 'tok1', updatedAt: NOW });
    expect(first.rescore).toMatchObject({ id: 'r1', modelVersion: 1, status: 'running', total: 3, done: 0 });
    const second = await db.transaction((tx) => replaceScoringModel(tx, { rules: [], decay: { points: 1, every: 'P1D' } }, null, NOW, 'r2'));
    expect(second.stored.version).toBe(2);
    expect((await readScoringModel(db))!.model).toEqual({ rules: [], decay: { points: 1, every: 'P1D' } });
    const [old] = await db.query<{ status: string }>(`select status from rescore_jobs where id = 'r1'`);
    expect(old!.status).toBe('superseded');

    // Two leads a page: the cursor moves on page by page and the job is done after a short page.
    const pages: string[][] = [];
    for (let i = 0; i < 5; i++) {
      const page = await db.transaction(async (tx) => {
        const claimed = await claimRescorePage(tx, 2);
        if (claimed) await finishRescorePage(tx, claimed, 2, NOW);
        return claimed;
      });
      if (!page) break;
      pages.push(page.leadIds);
    }
    expect(pages).toEqual([['a', 'b'], ['c']]);
    expect(await latestRescore(db)).toMatchObject({ id: 'r2', status: 'done', total: 3, done: 3, finishedAt: NOW });
  });

  it('stores scoring states and score changes, a re-score replacing a lead\'s explanation, read newest first', async () => {
    const { db } = database;
    await upsertLead(db, 'ada', { score: 55 });
    await saveScoreWork(db, {
      states: [{ leadId: 'ada', state: { fit: { saas: 10 }, lastActivityAt: 1, decayedAt: null, awards: {} } }],
      replaced: [],
      changes: [
        { leadId: 'ada', at: new Date('2026-03-01T00:00:00Z'), points: 10, ruleId: 'saas', reason: 'fits: saas', eventId: null, eventType: null },
        { leadId: 'ada', at: new Date('2026-03-02T00:00:00Z'), points: 45, ruleId: 'demo', reason: 'demo', eventId: 'e1', eventType: 'form_submitted' },
      ],
    });
    expect((await loadScoreStates(db, ['ada', 'nobody'])).get('ada')).toEqual({ fit: { saas: 10 }, lastActivityAt: 1, decayedAt: null, awards: {} });
    const card = await leadScore(db, 'ada');
    expect(card!.score).toBe(55);
    expect(card!.history.map((h) => [h.ruleId, h.points, h.eventId])).toEqual([
      ['demo', 45, 'e1'],
      ['saas', 10, null],
    ]);
    await saveScoreWork(db, {
      states: [],
      replaced: ['ada'],
      changes: [{ leadId: 'ada', at: NOW, points: 55, ruleId: null, reason: 'score set to 55', eventId: null, eventType: null }],
    });
    expect((await leadScore(db, 'ada'))!.history.map((h) => h.reason)).toEqual(['score set to 55']);
    expect(await leadScore(db, 'nobody')).toBeNull();
  });

  it('lists the saved segments one lead is in', async () => {
    const { db } = database;
    await upsertLead(db, 'ada', { stage: 'MQL', attributes: { industry: 'saas' } });
    await createSegment(db, { id: 's1', name: 'SaaS', condition: { attr: 'industry', op: 'eq', value: 'saas' } });
    await createSegment(db, { id: 's2', name: 'Retail', condition: { attr: 'industry', op: 'eq', value: 'retail' } });
    await createSegment(db, { id: 's3', name: 'MQLs', condition: { attr: 'stage', op: 'eq', value: 'MQL' } });
    expect(await segmentsOfLead(db, 'ada', NOW)).toEqual([
      { id: 's3', name: 'MQLs' },
      { id: 's1', name: 'SaaS' },
    ]);
    expect(await segmentsOfLead(db, 'nobody', NOW)).toEqual([]);
  });
});
