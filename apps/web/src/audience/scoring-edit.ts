import { OPERATORS, scoringModelSchema, type Operator, type ScoringModel, type ScoringRule, type Where } from '@trellis/journey';

/**
 * The Scoring page's edits as plain functions over the model (the page renders and dispatches):
 * new rules, a rule's one-line `where`, and the problems the model's own schema finds, keyed by
 * path so each sits beside its field before anything is sent.
 */

export type RuleKind = 'fit' | 'behaviour';

export function kindOf(rule: ScoringRule): RuleKind {
  return 'condition' in rule.on ? 'fit' : 'behaviour';
}

/** A rule id not used yet: `prefix`, `prefix-2`, … */
export function freshRuleId(model: ScoringModel, prefix: string): string {
  const taken = new Set(model.rules.map((r) => r.id));
  if (!taken.has(prefix)) return prefix;
  for (let n = 2; ; n++) if (!taken.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

export function newRule(model: ScoringModel, kind: RuleKind): ScoringRule {
  return kind === 'fit'
    ? { id: freshRuleId(model, 'fit'), label: '', points: 10, on: { condition: { attr: 'industry', op: 'eq', value: '' } } }
    : { id: freshRuleId(model, 'behaviour'), label: '', points: 10, on: { event: 'page_visited' } };
}

/** The first test of a `where`, as the one-line editor shows it. */
export function firstWhereTest(where: Where | undefined): { prop: string; op: Operator; value: string } {
  const [prop, test] = Object.entries(where ?? {})[0] ?? ['', { op: 'contains' as Operator, value: '' }];
  return { prop, op: test.op, value: test.value === undefined ? '' : String(test.value) };
}

/** Replaces the first test of a `where` (keeping any others); an empty property name drops it. */
export function withWhereTest(where: Where | undefined, test: { prop: string; op: Operator; value: string }): Where | undefined {
  const [first, ...rest] = Object.entries(where ?? {});
  const kept = Object.fromEntries(rest.filter(([key]) => key !== test.prop));
  void first;
  if (test.prop.trim() === '') return Object.keys(kept).length > 0 ? kept : undefined;
  const value = /^-?\d+(\.\d+)?$/.test(test.value) ? Number(test.value) : test.value;
  return { [test.prop.trim()]: { op: test.op, value }, ...kept };
}

export const WHERE_OPERATORS: readonly Operator[] = OPERATORS;

/** Problems the schema finds, by the path of the field (`rules.0.points`); empty when the model may be saved. */
export function modelProblems(model: ScoringModel): Map<string, string> {
  const parsed = scoringModelSchema.safeParse(model);
  const problems = new Map<string, string>();
  if (parsed.success) return problems;
  for (const issue of parsed.error.issues) {
    const key = issue.path.join('.');
    if (!problems.has(key)) problems.set(key, issue.message);
  }
  return problems;
}

/** Problems at or under a path (a rule's condition has many places). */
export function problemsUnder(problems: Map<string, string>, path: string): string[] {
  return [...problems].filter(([key]) => key === path || key.startsWith(`${path}.`)).map(([, message]) => message);
}

/** The re-score's share done, 0 to 1 (leads added while it ran may take it past its count). */
export function rescoreShare(progress: { total: number; done: number; status: string }): number {
  if (progress.status === 'done') return 1;
  if (progress.total === 0) return 0;
  return Math.min(1, progress.done / progress.total);
}
