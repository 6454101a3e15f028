import { describe, expect, it } from 'vitest';
import { validateJourney } from './validate.js';

const at = { x: 0, y: 0 };

function journey(settings: Record<string, unknown>, experiment: unknown) {
  return {
    schemaVersion: 1,
    name: 'Experiment',
    settings,
    nodes: [
      { id: 't', type: 'trigger', position: at, data: { on: { event: 'signup' } } },
      { id: 's', type: 'split', position: at, data: { variants: [{ handle: 'A', weight: 1 }, { handle: 'B', weight: 1 }], ...(experiment ? { experiment } : {}) } },
      { id: 'xa', type: 'exit', position: at, data: { outcome: 'completed' } },
      { id: 'xb', type: 'exit', position: at, data: { outcome: 'completed' } },
    ],
    edges: [
      { id: 'e1', source: 't', target: 's' },
      { id: 'e2', source: 's', sourceHandle: 'A', target: 'xa' },
      { id: 'e3', source: 's', sourceHandle: 'B', target: 'xb' },
    ],
  };
}

const goal = { event: 'demo_booked' };

describe('experiments and holdouts in validation', () => {
  it('accepts an experiment on the goal of a journey with a goal, and a holdout', () => {
    expect(validateJourney(journey({ goal, holdout: { percent: 10 } }, { metric: 'goal', window: 'P14D', decideAfter: 'P14D' }))).toEqual([]);
    expect(validateJourney(journey({}, { metric: { event: 'email_clicked' }, window: 'P7D', decideAfter: 'P21D' }))).toEqual([]);
  });

  it('refuses an experiment measuring a goal the journey does not have, on its node', () => {
    expect(validateJourney(journey({}, { metric: 'goal', window: 'P14D', decideAfter: 'P14D' }))).toEqual([
      expect.objectContaining({ severity: 'error', code: 'experiment_goal', nodeId: 's', path: ['nodes', 1, 'data', 'experiment', 'metric'] }),
    ]);
  });

  it('names unparseable experiment and holdout durations', () => {
    const problems = validateJourney(journey({ goal, holdout: { percent: 10, window: 'a month' } }, { metric: 'goal', window: 'two weeks', decideAfter: 'P14D' }));
    expect(problems.map((p) => [p.code, p.path.join('.')])).toEqual([
      ['bad_duration', 'nodes.1.data.experiment.window'],
      ['bad_duration', 'settings.holdout.window'],
    ]);
  });

  it('refuses a holdout of 100% or a missing metric as schema problems, and warns of a holdout with no goal', () => {
    const full = validateJourney(journey({ goal, holdout: { percent: 100 } }, null));
    expect(full.map((p) => [p.code, p.path.join('.')])).toEqual([['schema', 'settings.holdout.percent']]);
    const noMetric = validateJourney(journey({ goal }, { window: 'P7D', decideAfter: 'P7D' }));
    expect(noMetric.map((p) => p.code)).toContain('schema');
    expect(validateJourney(journey({ holdout: { percent: 10 } }, null))).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'holdout_goal', path: ['settings', 'holdout'] }),
    ]);
  });
});
