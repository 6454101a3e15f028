import { describe, expect, it } from 'vitest';
import type { Journey } from '@trellis/journey';
import { funnel } from './funnel.js';
import { trialJourney } from './report.fixture.js';

describe('the funnel along the main path', () => {
  it('says a step where paths join is a share of those who entered, not of the step before (never "197% of the step before")', () => {
    // The trial journey with both variants' mails meeting at one wait.
    const joined: Journey = {
      ...trialJourney,
      nodes: trialJourney.nodes.filter((n) => n.id !== 'waitB'),
      edges: [...trialJourney.edges.filter((e) => e.id !== 'e5'), { id: 'e5', source: 'mailB', target: 'waitA' }],
    };
    const nodes = {
      start: { entered: 440, reachedGoal: 80 },
      ab: { entered: 400, reachedGoal: 80 },
      mailA: { entered: 180, reachedGoal: 18 },
      mailB: { entered: 220, reachedGoal: 62 },
      waitA: { entered: 400, reachedGoal: 80 },
    };
    const steps = funnel(joined, { nodes });
    expect(steps.map((s) => [s.nodeId, s.joined])).toEqual([
      ['start', false],
      ['ab', false],
      ['mailB', false],
      ['waitA', true],
    ]);
    expect(steps.at(-1)!.ofFirst).toBeCloseTo(400 / 440);
  });
});
