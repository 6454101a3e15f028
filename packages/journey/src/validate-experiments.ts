import { isValidDuration } from './time.js';
import type { Problem } from './validate.js';
import { clip, isObject, nonEmptyString, type NodeView } from './validate-views.js';

/**
 * Experiments on splits and the holdout group (the spec's "Additions"): their durations, and
 * that what they measure exists. An experiment measuring the goal needs the journey to have
 * one (`experiment_goal`, an error: it could never pick a winner); a holdout without a goal
 * still holds leads out but has nothing to compare (`holdout_goal`, a warning).
 */

const DURATION_HINT = 'use ISO 8601 such as P14D';

export function checkExperiments(doc: unknown, nodes: NodeView[], problems: Problem[]): void {
  const settings = isObject(doc) && isObject(doc.settings) ? doc.settings : {};
  const hasGoal = settings.goal !== undefined;
  for (const node of nodes) {
    if (node.type !== 'split' || !isObject(node.data) || !isObject(node.data.experiment)) continue;
    const experiment = node.data.experiment;
    const path = ['nodes', node.index, 'data', 'experiment'];
    for (const key of ['window', 'decideAfter'] as const) {
      const text = nonEmptyString(experiment[key]);
      if (text === undefined || isValidDuration(text)) continue;
      problems.push({
        severity: 'error',
        code: 'bad_duration',
        message: `${node.name}: the experiment's ${key === 'window' ? 'window' : 'decision delay'} "${clip(text)}" is not a duration; ${DURATION_HINT}`,
        ...(node.id ? { nodeId: node.id } : {}),
        path: [...path, key],
      });
    }
    if (experiment.metric === 'goal' && !hasGoal) {
      problems.push({
        severity: 'error',
        code: 'experiment_goal',
        message: `${node.name}: the experiment measures the goal, but the journey has no goal; set one in the settings or measure an event`,
        ...(node.id ? { nodeId: node.id } : {}),
        path: [...path, 'metric'],
      });
    }
  }
  if (!isObject(settings.holdout)) return;
  const window = nonEmptyString(settings.holdout.window);
  if (window !== undefined && !isValidDuration(window)) {
    problems.push({
      severity: 'error',
      code: 'bad_duration',
      message: `Settings: the holdout window "${clip(window)}" is not a duration; ${DURATION_HINT}`,
      path: ['settings', 'holdout', 'window'],
    });
  }
  if (!hasGoal && typeof settings.holdout.percent === 'number' && settings.holdout.percent > 0) {
    problems.push({
      severity: 'warning',
      code: 'holdout_goal',
      message: 'Settings: the journey holds leads out but has no goal, so the report cannot compare them with the leads it treats',
      path: ['settings', 'holdout'],
    });
  }
}
