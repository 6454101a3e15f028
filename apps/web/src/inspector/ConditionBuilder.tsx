import { COUNT_OPERATORS, OPERATORS, type Condition, type CountTest, type Operator, type Where } from '@trellis/journey';
import { operatorText } from '../model/condition-text.js';
import { DurationInput } from './fields.js';
import { ValueInput } from './ValueInput.js';

type Kind = 'all' | 'any' | 'not' | 'attr' | 'event';

function kindOf(condition: Condition): Kind {
  if ('all' in condition) return 'all';
  if ('any' in condition) return 'any';
  if ('not' in condition) return 'not';
  if ('attr' in condition) return 'attr';
  return 'event';
}

function blank(kind: Kind): Condition {
  switch (kind) {
    case 'all':
      return { all: [{ attr: 'score', op: 'gte', value: 50 }] };
    case 'any':
      return { any: [{ attr: 'score', op: 'gte', value: 50 }] };
    case 'not':
      return { not: { attr: 'stage', op: 'eq', value: 'customer' } };
    case 'attr':
      return { attr: 'score', op: 'gte', value: 50 };
    case 'event':
      return { event: 'email_clicked', within: 'P14D' };
  }
}

const KIND_LABELS: Record<Kind, string> = {
  attr: 'Lead field',
  event: 'Engagement',
  all: 'All of',
  any: 'Any of',
  not: 'Not',
};

/** Edits a condition tree: groups (all/any), not, field tests with every operator, engagement tests. */
export function ConditionBuilder({ value, onChange, depth = 0 }: { value: Condition; onChange: (value: Condition) => void; depth?: number }) {
  const kind = kindOf(value);
  return (
    <div className={`condition condition--${kind}`} data-depth={depth}>
      <div className="condition__head">
        <select
          aria-label="Condition kind"
          value={kind}
          onChange={(event) => {
            const next = event.target.value as Kind;
            // Wrapping keeps what was there: turning a test into a group makes it the first member.
            if ((next === 'all' || next === 'any') && (kind === 'attr' || kind === 'event')) {
              onChange(next === 'all' ? { all: [value] } : { any: [value] });
            } else if (next === 'not' && kind !== 'not') {
              onChange({ not: value });
            } else if ((next === 'all' || next === 'any') && (kind === 'all' || kind === 'any')) {
              const members = 'all' in value ? value.all : 'any' in value ? value.any : [];
              onChange(next === 'all' ? { all: members } : { any: members });
            } else {
              onChange(blank(next));
            }
          }}
        >
          {(Object.keys(KIND_LABELS) as Kind[]).map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      {kind === 'attr' && 'attr' in value && <AttributeTestEditor value={value} onChange={onChange} />}
      {kind === 'event' && 'event' in value && <EngagementTestEditor value={value} onChange={onChange} />}
      {kind === 'not' && 'not' in value && (
        <div className="condition__children">
          <ConditionBuilder value={value.not} depth={depth + 1} onChange={(inner) => onChange({ not: inner })} />
        </div>
      )}
      {(kind === 'all' || kind === 'any') && (
        <GroupEditor
          members={'all' in value ? value.all : 'any' in value ? value.any : []}
          depth={depth}
          onChange={(members) => onChange(kind === 'all' ? { all: members } : { any: members })}
        />
      )}
    </div>
  );
}

function GroupEditor({ members, onChange, depth }: { members: Condition[]; onChange: (members: Condition[]) => void; depth: number }) {
  return (
    <div className="condition__children">
      {members.map((member, index) => (
        <div key={index} className="condition__member">
          <ConditionBuilder
            value={member}
            depth={depth + 1}
            onChange={(next) => onChange(members.map((m, i) => (i === index ? next : m)))}
          />
          <button type="button" className="icon-button" aria-label="Remove condition" onClick={() => onChange(members.filter((_, i) => i !== index))}>
            ×
          </button>
        </div>
      ))}
      <div className="condition__add">
        <button type="button" className="link-button" onClick={() => onChange([...members, blank('attr')])}>
          + field test
        </button>
        <button type="button" className="link-button" onClick={() => onChange([...members, blank('event')])}>
          + engagement
        </button>
        {depth < 3 && (
          <button type="button" className="link-button" onClick={() => onChange([...members, { any: [blank('attr')] }])}>
            + group
          </button>
        )}
      </div>
    </div>
  );
}

function OperatorSelect({ value, onChange, label }: { value: Operator; onChange: (op: Operator) => void; label: string }) {
  return (
    <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value as Operator)}>
      {OPERATORS.map((op) => (
        <option key={op} value={op}>
          {operatorText(op)}
        </option>
      ))}
    </select>
  );
}

function AttributeTestEditor({
  value,
  onChange,
}: {
  value: { attr: string; op: Operator; value?: unknown };
  onChange: (value: Condition) => void;
}) {
  function withOp(op: Operator) {
    if (op === 'exists') return { attr: value.attr, op };
    const wasList = value.op === 'in' || value.op === 'nin';
    const isList = op === 'in' || op === 'nin';
    if (wasList === isList) return { ...value, op };
    return { attr: value.attr, op, value: isList ? (value.value === undefined ? [] : [value.value]) : Array.isArray(value.value) ? value.value[0] ?? '' : value.value ?? '' };
  }
  return (
    <div className="condition__test">
      <input
        type="text"
        aria-label="Lead field"
        list="lead-fields"
        value={value.attr}
        placeholder="score, stage, industry…"
        onChange={(event) => onChange({ ...value, attr: event.target.value })}
      />
      <OperatorSelect label="Operator" value={value.op} onChange={(op) => onChange(withOp(op))} />
      <ValueInput label="Value" op={value.op} value={value.value} onChange={(v) => onChange({ ...value, value: v })} />
    </div>
  );
}

function EngagementTestEditor({
  value,
  onChange,
}: {
  value: { event: string; where?: Where; within?: string; count?: CountTest };
  onChange: (value: Condition) => void;
}) {
  const count = value.count ?? { op: 'gte' as const, value: 1 };
  function without<K extends keyof typeof value>(key: K) {
    const copy = { ...value };
    delete copy[key];
    return copy;
  }
  return (
    <div className="condition__engagement">
      <div className="condition__test">
        <input
          type="text"
          aria-label="Event"
          list="event-types"
          value={value.event}
          placeholder="email_clicked"
          onChange={(event) => onChange({ ...value, event: event.target.value })}
        />
        <select
          aria-label="Count operator"
          value={count.op}
          onChange={(event) => onChange({ ...value, count: { ...count, op: event.target.value as CountTest['op'] } })}
        >
          {COUNT_OPERATORS.map((op) => (
            <option key={op} value={op}>
              {operatorText(op)}
            </option>
          ))}
        </select>
        <input
          type="number"
          min={0}
          aria-label="Count"
          className="count-input"
          value={count.value}
          onChange={(event) => onChange({ ...value, count: { ...count, value: Math.max(0, Math.floor(Number(event.target.value) || 0)) } })}
        />
        <span className="muted">times</span>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={value.within !== undefined}
          onChange={(event) => onChange(event.target.checked ? { ...value, within: 'P14D' } : without('within'))}
        />
        only within a window
      </label>
      {value.within !== undefined && (
        <DurationInput label="Within the last" value={value.within} onChange={(within) => onChange({ ...value, within })} />
      )}
      <WhereEditor
        value={value.where}
        onChange={(where) => onChange(where ? { ...value, where } : without('where'))}
      />
    </div>
  );
}

/** Tests on an event's props (`url contains /pricing`). */
export function WhereEditor({ value, onChange }: { value: Where | undefined; onChange: (value: Where | undefined) => void }) {
  const entries = Object.entries(value ?? {});
  function write(next: Array<[string, Where[string]]>) {
    onChange(next.length === 0 ? undefined : Object.fromEntries(next));
  }
  return (
    <div className="where">
      {entries.length > 0 && <div className="where__title">where the event's properties match</div>}
      {entries.map(([prop, test], index) => (
        <div key={index} className="condition__test">
          <input
            type="text"
            aria-label="Property"
            value={prop}
            placeholder="url"
            onChange={(event) => write(entries.map((e, i) => (i === index ? [event.target.value, e[1]] : e)))}
          />
          <OperatorSelect
            label="Property operator"
            value={test.op}
            onChange={(op) => write(entries.map((e, i) => (i === index ? [e[0], op === 'exists' ? { op } : { ...e[1], op }] : e)))}
          />
          <ValueInput
            label="Property value"
            op={test.op}
            value={test.value}
            onChange={(v) => write(entries.map((e, i) => (i === index ? [e[0], { ...e[1], value: v }] : e)))}
          />
          <button type="button" className="icon-button" aria-label="Remove property test" onClick={() => write(entries.filter((_, i) => i !== index))}>
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="link-button"
        onClick={() => write([...entries, [freshProp(entries.map((e) => e[0])), { op: 'contains', value: '' }]])}
      >
        + property test
      </button>
    </div>
  );
}

function freshProp(taken: string[]): string {
  if (!taken.includes('url')) return 'url';
  for (let n = 2; ; n++) if (!taken.includes(`prop${n}`)) return `prop${n}`;
}
