import { probabilityToBeat, rateDifference, readExperiment, twoProportionPValue, wilsonInterval, type Journey } from '@trellis/journey';
import type { JourneyReport, SendNodeResult, SplitResult } from '../api/report.js';

/**
 * A report as `GET /api/journeys/:id/report` answers it (apps/server/src/routes/report.ts), for
 * component tests: the numbers come from the same statistics the engine reports with, so the
 * intervals and p-values are the real ones for these counts.
 */

const at = { x: 0, y: 0 };

export const trialJourney: Journey = {
  schemaVersion: 1,
  name: 'Trial nurture',
  settings: { goal: { event: 'demo_booked' }, holdout: { percent: 10 } },
  nodes: [
    { id: 'start', type: 'trigger', position: at, data: { label: 'Signed up', on: { event: 'signed_up' } } },
    { id: 'ab', type: 'split', position: { x: 300, y: 0 }, data: { label: 'Subject test', variants: [{ handle: 'A', weight: 1 }, { handle: 'B', weight: 1 }], experiment: { metric: 'goal', window: 'P7D', decideAfter: 'P14D' } } },
    { id: 'mailA', type: 'send', position: { x: 600, y: -100 }, data: { label: 'Plain welcome', channel: 'email', template: 'welcome-a' } },
    { id: 'mailB', type: 'send', position: { x: 600, y: 100 }, data: { label: 'Welcome, with a demo link', channel: 'email', template: 'welcome-b' } },
    { id: 'waitA', type: 'wait', position: { x: 900, y: -100 }, data: { for: 'P30D' } },
    { id: 'waitB', type: 'wait', position: { x: 900, y: 100 }, data: { for: 'P30D' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'ab' },
    { id: 'e2', source: 'ab', sourceHandle: 'A', target: 'mailA' },
    { id: 'e3', source: 'ab', sourceHandle: 'B', target: 'mailB' },
    { id: 'e4', source: 'mailA', target: 'waitA' },
    { id: 'e5', source: 'mailB', target: 'waitB' },
  ],
};

function sendNode(sent: number, delivered: number, opened: number, clicked: number, unsubscribed: number, failed: number): SendNodeResult {
  const of = (x: number, total: number) => (total > 0 ? x / total : 0);
  return {
    sent,
    delivered,
    opened,
    clicked,
    unsubscribed,
    failed,
    suppressed: 0,
    capped: 0,
    rates: { delivered: of(delivered, sent), opened: of(opened, delivered), clicked: of(clicked, delivered), unsubscribed: of(unsubscribed, delivered), failed: of(failed, sent + failed) },
  };
}

/** The split `ab` with A converting 18 of 180 and B 62 of 220; `decision` as the engine records it. */
export function abSplit(decision: SplitResult['decision'] = null, experiment: SplitResult['experiment'] = { metric: 'goal', window: 'P7D', decideAfter: 'P14D' }): SplitResult {
  const result = readExperiment([
    { handle: 'A', entered: 180, converted: 18 },
    { handle: 'B', entered: 220, converted: 62 },
  ]);
  return {
    ...result,
    winner: decision ? decision.winner : result.winner,
    probabilityToBeat: { A: probabilityToBeat(18, 180, 62, 220), B: probabilityToBeat(62, 220, 18, 180) },
    experiment,
    decision,
  };
}

export const AB_P_VALUE = twoProportionPValue(62, 220, 18, 180)!;

export function trialReport(split: SplitResult = abSplit()): JourneyReport {
  return {
    version: 1,
    from: null,
    to: null,
    entered: 440,
    outcomes: { completed: 320, goal: 80, holdout: 40 },
    goalRate: 80 / 400,
    nodes: {
      start: { entered: 440, reachedGoal: 80 },
      ab: { entered: 400, reachedGoal: 80 },
      mailA: { entered: 180, reachedGoal: 18 },
      mailB: { entered: 220, reachedGoal: 62 },
      waitA: { entered: 180, reachedGoal: 18 },
      waitB: { entered: 220, reachedGoal: 62 },
    },
    splits: { ab: split },
    series: [
      { day: '2026-03-01', entered: 300, sent: 270, opened: 120, clicked: 40, goal: 50 },
      { day: '2026-03-03', entered: 140, sent: 130, opened: 61, clicked: 20, goal: 30 },
    ],
    sends: { mailA: sendNode(180, 178, 70, 20, 2, 0), mailB: sendNode(220, 215, 111, 40, 1, 5) },
    timeToGoal: { medianMs: (2 * 24 + 3) * 3_600_000, p90Ms: 6 * 24 * 3_600_000 },
    holdout: {
      percent: 10,
      window: 'P30D',
      heldOut: { entered: 40, goal: 2, rate: 2 / 40, ci95: wilsonInterval(2, 40) },
      treated: { entered: 400, goal: 80, rate: 80 / 400, ci95: wilsonInterval(80, 400) },
      uplift: rateDifference(80, 400, 2, 40),
    },
  };
}
