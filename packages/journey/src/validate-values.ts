import { describeDuration } from './describe-duration.js';
import { addDuration, isValidDuration, isValidTimeOfDay, isValidTimeZone, TIME_ZONE_HINT } from './time.js';
import type { Problem, ProblemCode } from './validate.js';
import { clip, isObject, nonEmptyString, type Json, type NodeView, type Path } from './validate-views.js';

/** Value problems: durations, times of day and zones anywhere in the document; split weights. */

const DURATION_HINT = 'use ISO 8601 such as P3D or PT5M';
const TIME_HINT = 'use HH:MM on a 24-hour clock such as 09:00 or 20:30';

/** Deep enough for any condition a person draws; stops cyclic or absurd input. */
const MAX_CONDITION_DEPTH = 64;

/** Where a value sits, for its problem: the node (or settings) it belongs to, and its path. */
interface Place {
  where: string;
  nodeId: string | undefined;
  path: Path;
}

function report(problems: Problem[], code: ProblemCode, place: Place, message: string): void {
  problems.push({
    severity: 'error',
    code,
    message: `${place.where}: ${message}`,
    ...(place.nodeId ? { nodeId: place.nodeId } : {}),
    path: place.path,
  });
}

/** `what` names the field for the message ("the timeout "), or is empty when obvious. */
function checkDuration(value: unknown, what: string, place: Place, problems: Problem[], after = ''): void {
  const text = nonEmptyString(value);
  if (text === undefined || isValidDuration(text)) return;
  report(problems, 'bad_duration', place, `${what}"${clip(text)}"${after} is not a duration; ${DURATION_HINT}`);
}

function checkTime(value: unknown, what: string, place: Place, problems: Problem[]): void {
  const text = nonEmptyString(value);
  if (text === undefined || isValidTimeOfDay(text)) return;
  report(problems, 'bad_time', place, `${what}"${clip(text)}" is not a time of day; ${TIME_HINT}`);
}

export function checkValues(doc: unknown, nodes: NodeView[], problems: Problem[]): void {
  const seen = new Set<object>();
  if (isObject(doc) && isObject(doc.settings)) checkSettings(doc.settings, problems, seen);
  for (const node of nodes) checkNode(node, problems, seen);
}

function checkSettings(settings: Json, problems: Problem[], seen: Set<object>): void {
  const place = (...path: Path): Place => ({ where: 'Settings', nodeId: undefined, path: ['settings', ...path] });
  const zone = nonEmptyString(settings.timezone);
  if (zone !== undefined && !isValidTimeZone(zone)) {
    report(problems, 'bad_timezone', place('timezone'), `time zone "${clip(zone)}" is not a time zone; ${TIME_ZONE_HINT}`);
  }
  if (isObject(settings.reentry)) {
    checkDuration(settings.reentry.after, 're-entry delay ', place('reentry', 'after'), problems);
  }
  for (const key of ['quietHours', 'sendWindow'] as const) {
    const window = settings[key];
    if (!isObject(window)) continue;
    const what = key === 'quietHours' ? 'quiet hours' : 'send window';
    checkTime(window.from, `${what} start `, place(key, 'from'), problems);
    checkTime(window.to, `${what} end `, place(key, 'to'), problems);
  }
  if (Array.isArray(settings.frequencyCap)) {
    settings.frequencyCap.forEach((cap, i) => {
      if (isObject(cap)) checkDuration(cap.per, `frequency cap ${i + 1} period `, place('frequencyCap', i, 'per'), problems);
    });
  }
  for (const key of ['goal', 'exitWhen'] as const) {
    conditionDurations(settings[key], place(key), problems, seen);
  }
}

function checkNode(node: NodeView, problems: Problem[], seen: Set<object>): void {
  const data = node.data;
  if (!data) return;
  const place = (...path: Path): Place => ({ where: node.name, nodeId: node.id, path: ['nodes', node.index, 'data', ...path] });
  switch (node.type) {
    case 'wait':
      checkDuration(data.for, '', place('for'), problems);
      if (isObject(data.until)) {
        checkTime(data.until.time, '', place('until', 'time'), problems);
        checkDuration(data.until.timeout, 'the timeout ', place('until', 'timeout'), problems);
      }
      break;
    case 'handoff':
      checkDuration(data.sla, 'the SLA ', place('sla'), problems);
      break;
    case 'cadence':
      if (Array.isArray(data.touches)) checkTouches(data.touches, place, problems);
      break;
    case 'trigger':
      if (isObject(data.on)) {
        conditionDurations(data.on.condition, place('on', 'condition'), problems, seen);
        conditionDurations(data.on.segment, place('on', 'segment'), problems, seen);
      }
      break;
    case 'branch':
      if (Array.isArray(data.cases)) {
        data.cases.forEach((c, i) => {
          if (isObject(c)) conditionDurations(c.when, place('cases', i, 'when'), problems, seen);
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
          const message = `${variant} has weight ${String(v.weight)}; every weight must be a number above 0 (weights are relative, e.g. 50 and 50)`;
          report(problems, 'weights', place('variants', i, 'weight'), message);
        });
      }
      break;
    default:
      break;
  }
}

/**
 * A cadence's touch times and task due times are durations, and touches run in the order of
 * their times: a touch earlier than the one before it is `touch_order` (two at the same time
 * are allowed: a call and an email at once).
 */
function checkTouches(touches: unknown[], place: (...path: Path) => Place, problems: Problem[]): void {
  let previous: { at: number; text: string; n: number } | undefined;
  touches.forEach((touch, i) => {
    if (!isObject(touch)) return;
    const n = i + 1;
    checkDuration(touch.at, `touch ${n} time `, place('touches', i, 'at'), problems);
    checkDuration(touch.due, `touch ${n} due time `, place('touches', i, 'due'), problems);
    const text = nonEmptyString(touch.at);
    if (text === undefined || !isValidDuration(text)) return;
    const at = addDuration(ORDER_REFERENCE, text, 'UTC');
    if (previous && at < previous.at) {
      const message = `touch ${n} at ${describeDuration(text)} comes before touch ${previous.n} at ${describeDuration(previous.text)}; touches run in the order of their times, so move it up or change its time`;
      report(problems, 'touch_order', place('touches', i, 'at'), message);
    }
    if (!previous || at >= previous.at) previous = { at, text, n };
  });
}

/** Touch times are compared as offsets from one fixed instant (a month is a calendar month from it). */
const ORDER_REFERENCE = Date.UTC(2026, 0, 1);

/** Every engagement test's `within`, at any depth of a condition. */
function conditionDurations(condition: unknown, place: Place, problems: Problem[], seen: Set<object>, depth = 0): void {
  // `seen` keeps a condition that refers to itself (or shares parts) from being walked twice.
  if (!isObject(condition) || depth > MAX_CONDITION_DEPTH || seen.has(condition)) return;
  seen.add(condition);
  const event = nonEmptyString(condition.event);
  const forEvent = event ? ` for "${clip(event)}"` : '';
  checkDuration(condition.within, 'the time window ', { ...place, path: [...place.path, 'within'] }, problems, forEvent);
  const inner = (key: string | number, ...rest: (string | number)[]): Place => ({ ...place, path: [...place.path, key, ...rest] });
  for (const key of ['all', 'any'] as const) {
    const list = condition[key];
    if (Array.isArray(list)) list.forEach((c, i) => conditionDurations(c, inner(key, i), problems, seen, depth + 1));
  }
  conditionDurations(condition.not, inner('not'), problems, seen, depth + 1);
}
