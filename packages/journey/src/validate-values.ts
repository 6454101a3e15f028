import { isValidDuration, isValidTimeOfDay, isValidTimeZone } from './time.js';
import type { Problem, ProblemCode } from './validate.js';
import { clip, isObject, nodeProblem, nonEmptyString, type NodeView, type Path } from './validate-views.js';

/** Value problems: durations, times of day and zones anywhere in the document; split weights. */

const DURATION_HINT = 'use ISO 8601 such as P3D or PT5M';
const TIME_HINT = 'use HH:MM on a 24-hour clock such as 09:00 or 20:30';
const ZONE_HINT = 'use an IANA name such as Europe/London or America/New_York';

/** Deep enough for any condition a person draws; stops cyclic or absurd input. */
const MAX_CONDITION_DEPTH = 64;

export function checkValues(doc: unknown, nodes: NodeView[], problems: Problem[]): void {
  const seen = new Set<object>();
  const settings = isObject(doc) && isObject(doc.settings) ? doc.settings : undefined;
  const settingsProblem = (code: ProblemCode, message: string, path: Path): void => {
    problems.push({ severity: 'error', code, message: `Settings: ${message}`, path: ['settings', ...path] });
  };
  const duration = (value: unknown, what: string, report: (message: string) => void): void => {
    const text = nonEmptyString(value);
    if (text !== undefined && !isValidDuration(text)) report(`${what}"${clip(text)}" is not a duration; ${DURATION_HINT}`);
  };
  const time = (value: unknown, what: string, report: (message: string) => void): void => {
    const text = nonEmptyString(value);
    if (text !== undefined && !isValidTimeOfDay(text)) report(`${what}"${clip(text)}" is not a time of day; ${TIME_HINT}`);
  };

  if (settings) {
    const zone = nonEmptyString(settings.timezone);
    if (zone !== undefined && !isValidTimeZone(zone)) {
      settingsProblem('bad_timezone', `time zone "${clip(zone)}" is not a time zone; ${ZONE_HINT}`, ['timezone']);
    }
    if (isObject(settings.reentry)) {
      duration(settings.reentry.after, 're-entry delay ', (m) => settingsProblem('bad_duration', m, ['reentry', 'after']));
    }
    for (const key of ['quietHours', 'sendWindow'] as const) {
      const window = settings[key];
      if (!isObject(window)) continue;
      const what = key === 'quietHours' ? 'quiet hours' : 'send window';
      time(window.from, `${what} start `, (m) => settingsProblem('bad_time', m, [key, 'from']));
      time(window.to, `${what} end `, (m) => settingsProblem('bad_time', m, [key, 'to']));
    }
    if (Array.isArray(settings.frequencyCap)) {
      settings.frequencyCap.forEach((cap, i) => {
        if (isObject(cap)) {
          duration(cap.per, `frequency cap ${i + 1} period `, (m) => settingsProblem('bad_duration', m, ['frequencyCap', i, 'per']));
        }
      });
    }
    for (const key of ['goal', 'exitWhen'] as const) {
      conditionDurations(settings[key], ['settings', key], 'Settings', undefined, problems, seen);
    }
  }

  for (const node of nodes) {
    const data = node.data;
    if (!data) continue;
    const at = (...rest: Path): Path => ['nodes', node.index, 'data', ...rest];
    const report = (code: ProblemCode, path: Path) => (message: string) =>
      problems.push(nodeProblem(code, node, `${node.name}: ${message}`, path));
    switch (node.type) {
      case 'wait': {
        duration(data.for, '', report('bad_duration', at('for')));
        if (isObject(data.until)) {
          time(data.until.time, '', report('bad_time', at('until', 'time')));
          duration(data.until.timeout, 'the timeout ', report('bad_duration', at('until', 'timeout')));
        }
        break;
      }
      case 'handoff':
        duration(data.sla, 'the SLA ', report('bad_duration', at('sla')));
        break;
      case 'trigger':
        if (isObject(data.on)) {
          conditionDurations(data.on.condition, at('on', 'condition'), node.name, node.id, problems, seen);
          conditionDurations(data.on.segment, at('on', 'segment'), node.name, node.id, problems, seen);
        }
        break;
      case 'branch':
        if (Array.isArray(data.cases)) {
          data.cases.forEach((c, i) => {
            if (isObject(c)) conditionDurations(c.when, at('cases', i, 'when'), node.name, node.id, problems, seen);
          });
        }
        break;
      case 'split':
        if (Array.isArray(data.variants)) {
          data.variants.forEach((v, i) => {
            if (!isObject(v) || typeof v.weight !== 'number') return; // otherwise a schema problem
            if (Number.isFinite(v.weight) && v.weight > 0) return;
            const handle = nonEmptyString(v.handle);
            const variant = handle ? `variant "${clip(handle)}"` : `variant ${i + 1}`;
            report('weights', at('variants', i, 'weight'))(
              `${variant} has weight ${String(v.weight)}; every weight must be a number above 0 (weights are relative, e.g. 50 and 50)`,
            );
          });
        }
        break;
      default:
        break;
    }
  }
}

/** Every engagement test's `within`, at any depth of a condition. */
function conditionDurations(
  condition: unknown,
  path: Path,
  where: string,
  nodeId: string | undefined,
  problems: Problem[],
  seen: Set<object>,
  depth = 0,
): void {
  // `seen` keeps a condition that refers to itself (or shares parts) from being walked twice.
  if (!isObject(condition) || depth > MAX_CONDITION_DEPTH || seen.has(condition)) return;
  seen.add(condition);
  const within = nonEmptyString(condition.within);
  if (within !== undefined && !isValidDuration(within)) {
    const event = nonEmptyString(condition.event);
    problems.push({
      severity: 'error',
      code: 'bad_duration',
      message: `${where}: the time window "${clip(within)}"${event ? ` for "${clip(event)}"` : ''} is not a duration; ${DURATION_HINT}`,
      ...(nodeId ? { nodeId } : {}),
      path: [...path, 'within'],
    });
  }
  for (const key of ['all', 'any'] as const) {
    const list = condition[key];
    if (Array.isArray(list)) {
      list.forEach((c, i) => conditionDurations(c, [...path, key, i], where, nodeId, problems, seen, depth + 1));
    }
  }
  conditionDurations(condition.not, [...path, 'not'], where, nodeId, problems, seen, depth + 1);
}
