import type { Condition, ValueTest, Where } from '@trellis/journey';
import { describeDuration } from './duration.js';

const OP_TEXT: Record<string, string> = {
  eq: '=',
  neq: '≠',
  in: 'in',
  nin: 'not in',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  contains: 'contains',
  startsWith: 'starts with',
  exists: 'exists',
};

export function operatorText(op: string): string {
  return OP_TEXT[op] ?? op;
}

function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function fieldText(attr: string): string {
  return attr === 'score' ? 'Score' : attr;
}

function testText(subject: string, test: ValueTest): string {
  if (test.op === 'exists') return `${subject} exists`;
  return `${subject} ${operatorText(test.op)} ${valueText(test.value)}`;
}

export function describeWhere(where: Where | undefined): string {
  if (!where) return '';
  return Object.entries(where)
    .map(([prop, test]) => testText(prop, test))
    .join(', ');
}

/** A condition in one line of words: `Score ≥ 50 and email_clicked ≥ 1× in 14 days`. */
export function describeCondition(condition: Condition): string {
  if ('all' in condition) return condition.all.length === 0 ? 'always' : condition.all.map(nested).join(' and ');
  if ('any' in condition) return condition.any.length === 0 ? 'never' : condition.any.map(nested).join(' or ');
  if ('not' in condition) return `not ${nested(condition.not)}`;
  if ('attr' in condition) return testText(fieldText(condition.attr), condition);
  const count = condition.count ?? { op: 'gte', value: 1 };
  const where = condition.where ? ` (${describeWhere(condition.where)})` : '';
  const within = condition.within ? ` in ${describeDuration(condition.within)}` : '';
  return `${condition.event}${where} ${operatorText(count.op)} ${count.value}×${within}`;
}

function nested(condition: Condition): string {
  const text = describeCondition(condition);
  return 'all' in condition || 'any' in condition ? `(${text})` : text;
}
