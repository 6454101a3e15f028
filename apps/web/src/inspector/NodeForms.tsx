import {
  CHANNELS,
  CONSENT_CHANNELS,
  CONSENT_PREFIX,
  CONSENT_VALUES,
  SETTABLE_FIELDS,
  type BranchNode,
  type ExitNode,
  type HandoffNode,
  type JourneyNode,
  type SendNode,
  type SplitNode,
  type TriggerNode,
  type UpdateNode,
  type WaitNode,
  type Condition,
  type Weekday,
  isSavedSegmentRef,
} from '@trellis/journey';
import type { Segment } from '../api/audience.js';
import { useSavedSegmentList } from '../audience/use-saved-segments.js';
import type { Template } from '../api/client.js';
import { freshId } from '../model/ids.js';
import { channelText, percentOf } from '../model/summary.js';
import { ConditionBuilder, WhereEditor } from './ConditionBuilder.js';
import { DurationInput, NumberField, Section, SelectField, TextField, TimeInput, WeekdayPicker } from './fields.js';
import { TemplatePicker, templatesFor } from './TemplatePicker.js';
import { useTemplates } from './use-templates.js';
import { ValueInput } from './ValueInput.js';

type Props<N extends JourneyNode> = {
  node: N;
  change: (data: N['data'], field?: string, rename?: { from: string; to: string }) => void;
};

export function TriggerForm({ node, change }: Props<TriggerNode>) {
  const on = node.data.on;
  const saved = 'segment' in on && isSavedSegmentRef(on.segment) ? on.segment.saved : null;
  const mode = 'event' in on ? 'event' : 'condition' in on ? 'condition' : saved !== null ? 'saved' : 'segment';
  const defaultCondition: Condition = { attr: 'score', op: 'gte', value: 50 };
  const inline = 'condition' in on ? on.condition : 'segment' in on && !isSavedSegmentRef(on.segment) ? on.segment : defaultCondition;
  const segments = useSavedSegmentList();
  return (
    <Section title="Entry">
      <SelectField
        label="Leads enter"
        value={mode}
        options={[
          { value: 'event', label: 'When an event happens' },
          { value: 'condition', label: 'When they start to meet a condition' },
          { value: 'segment', label: 'Segment: everyone who meets a condition' },
          { value: 'saved', label: 'Saved segment: everyone in it' },
        ]}
        onChange={(next) => {
          if (next === 'event') change({ ...node.data, on: { event: 'form_submitted' } });
          if (next === 'condition') change({ ...node.data, on: { condition: inline } });
          if (next === 'segment') change({ ...node.data, on: { segment: inline } });
          if (next === 'saved') change({ ...node.data, on: { segment: { saved: segments?.[0]?.id ?? '' } } });
        }}
      />
      {'event' in on && (
        <>
          <TextField label="Event" list="event-types" value={on.event} onChange={(event) => change({ ...node.data, on: { ...on, event } }, 'event')} />
          <WhereEditor
            value={on.where}
            onChange={(where) => change({ ...node.data, on: where ? { ...on, where } : { event: on.event } }, 'where')}
          />
        </>
      )}
      {'condition' in on && (
        <ConditionBuilder value={on.condition} onChange={(condition) => change({ ...node.data, on: { condition } }, 'condition')} />
      )}
      {'segment' in on && saved === null && (
        <ConditionBuilder value={inline} onChange={(segment) => change({ ...node.data, on: { segment } }, 'segment')} />
      )}
      {saved !== null && (
        <SavedSegmentPicker value={saved} segments={segments} onChange={(id) => change({ ...node.data, on: { segment: { saved: id } } }, 'segment')} />
      )}
    </Section>
  );
}

/** The saved segments by name with their counts now; a segment named but not stored stays listed, marked missing. */
function SavedSegmentPicker({ value, segments, onChange }: { value: string; segments: Segment[] | undefined; onChange: (id: string) => void }) {
  const options = (segments ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.count.toLocaleString('en-US')} now)` }));
  if (value !== '' && !options.some((o) => o.value === value)) options.unshift({ value, label: segments ? `“${value}” (not found)` : value });
  if (value === '') options.unshift({ value: '', label: 'Pick a saved segment' });
  return (
    <>
      <SelectField label="Saved segment" value={value} options={options} onChange={onChange} />
      {segments && segments.length === 0 && <p className="muted">No saved segments yet: save one on the Segments page.</p>}
    </>
  );
}

export function WaitForm({ node, change }: Props<WaitNode>) {
  const data = node.data;
  const label = data.label;
  const withLabel = <T extends object>(d: T) => (label === undefined ? d : { label, ...d });
  const mode = 'for' in data ? 'for' : 'time' in data.until ? 'time' : 'event';
  return (
    <Section title="Wait">
      <SelectField
        label="Wait for"
        value={mode}
        options={[
          { value: 'for', label: 'A length of time' },
          { value: 'time', label: 'A time of day' },
          { value: 'event', label: 'An event (with a timeout)' },
        ]}
        onChange={(next) => {
          if (next === 'for') change(withLabel({ for: 'P1D' }));
          if (next === 'time') change(withLabel({ until: { time: '09:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] } }));
          if (next === 'event') change(withLabel({ until: { event: 'email_opened', timeout: 'P3D' } }));
        }}
      />
      {'for' in data && <DurationInput label="Duration" value={data.for} onChange={(iso) => change({ ...data, for: iso }, 'for')} />}
      {'until' in data && 'time' in data.until && (
        <TimeOfDayWait
          time={data.until.time}
          days={data.until.days}
          onChange={(until) => change({ ...data, until })}
        />
      )}
      {'until' in data && 'event' in data.until && (
        <>
          <TextField
            label="Event"
            list="event-types"
            value={data.until.event}
            onChange={(event) => 'event' in data.until && change({ ...data, until: { ...data.until, event } }, 'event')}
          />
          <WhereEditor
            value={data.until.where}
            onChange={(where) => {
              if (!('event' in data.until)) return;
              const { where: _old, ...rest } = data.until;
              change({ ...data, until: where ? { ...rest, where } : rest }, 'where');
            }}
          />
          <DurationInput
            label="Give up after"
            value={data.until.timeout}
            onChange={(timeout) => 'event' in data.until && change({ ...data, until: { ...data.until, timeout } }, 'timeout')}
          />
          <p className="muted">Leads leave by “event” when it happens, or by “timeout”.</p>
        </>
      )}
    </Section>
  );
}

function TimeOfDayWait({
  time,
  days,
  onChange,
}: {
  time: string;
  days: Weekday[] | undefined;
  onChange: (until: { time: string; days?: Weekday[] }) => void;
}) {
  const chosen = days ?? [];
  return (
    <>
      <TimeInput label="Until" value={time} onChange={(t) => onChange(days ? { time: t, days } : { time: t })} />
      <WeekdayPicker
        label="On (none chosen: any day)"
        value={chosen}
        onChange={(next) => onChange(next.length > 0 ? { time, days: next } : { time })}
      />
    </>
  );
}

export function BranchForm({ node, change }: Props<BranchNode>) {
  const cases = node.data.cases;
  return (
    <Section
      title="Cases (first match wins)"
      actions={
        <button
          type="button"
          className="link-button"
          onClick={() =>
            change({
              ...node.data,
              cases: [...cases, { handle: freshId('case', [...cases.map((c) => c.handle), 'else']).replace('-', ''), when: { attr: 'score', op: 'gte', value: 20 } }],
            })
          }
        >
          + case
        </button>
      }
    >
      {cases.map((branchCase, index) => (
        <div key={index} className="case-card">
          <div className="case-card__head">
            <span className="case-card__index">{index + 1}</span>
            <input
              type="text"
              aria-label={`Case ${index + 1} handle`}
              value={branchCase.handle}
              onChange={(event) => {
                const handle = event.target.value.replace(/[^A-Za-z0-9_-]/g, '_');
                change({ ...node.data, cases: cases.map((c, i) => (i === index ? { ...c, handle } : c)) }, `case-handle-${index}`, {
                  from: branchCase.handle,
                  to: handle,
                });
              }}
            />
            <button type="button" className="icon-button" aria-label="Move case up" disabled={index === 0} onClick={() => change({ ...node.data, cases: move(cases, index, -1) })}>
              ↑
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label="Move case down"
              disabled={index === cases.length - 1}
              onClick={() => change({ ...node.data, cases: move(cases, index, 1) })}
            >
              ↓
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label="Remove case"
              disabled={cases.length === 1}
              onClick={() => change({ ...node.data, cases: cases.filter((_, i) => i !== index) })}
            >
              ×
            </button>
          </div>
          <ConditionBuilder
            value={branchCase.when}
            onChange={(when) => change({ ...node.data, cases: cases.map((c, i) => (i === index ? { ...c, when } : c)) }, `case-${index}`)}
          />
        </div>
      ))}
      <p className="muted">Leads matching no case leave by “else”.</p>
    </Section>
  );
}

function move<T>(list: T[], index: number, by: number): T[] {
  const copy = [...list];
  const [item] = copy.splice(index, 1);
  copy.splice(index + by, 0, item as T);
  return copy;
}

export function SplitForm({ node, change }: Props<SplitNode>) {
  const variants = node.data.variants;
  const total = variants.reduce((sum, v) => sum + Math.max(v.weight, 0), 0);
  return (
    <Section
      title="Variants"
      actions={
        <button
          type="button"
          className="link-button"
          onClick={() => {
            const letter = String.fromCharCode(65 + variants.length);
            const handle = variants.some((v) => v.handle === letter) ? freshId('variant', variants.map((v) => v.handle)) : letter;
            change({ ...node.data, variants: [...variants, { handle, weight: 50 }] });
          }}
        >
          + variant
        </button>
      }
    >
      <table className="variants">
        <thead>
          <tr>
            <th>Path</th>
            <th>Weight</th>
            <th>Share</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {variants.map((variant, index) => (
            <tr key={index}>
              <td>
                <input
                  type="text"
                  aria-label={`Variant ${index + 1} name`}
                  value={variant.handle}
                  onChange={(event) => {
                    const handle = event.target.value.replace(/[^A-Za-z0-9_-]/g, '_');
                    change({ ...node.data, variants: variants.map((v, i) => (i === index ? { ...v, handle } : v)) }, `variant-handle-${index}`, {
                      from: variant.handle,
                      to: handle,
                    });
                  }}
                />
              </td>
              <td>
                <input
                  type="number"
                  min={0}
                  aria-label={`Variant ${index + 1} weight`}
                  value={variant.weight}
                  onChange={(event) =>
                    change({ ...node.data, variants: variants.map((v, i) => (i === index ? { ...v, weight: Number(event.target.value) || 0 } : v)) }, `variant-weight-${index}`)
                  }
                />
              </td>
              <td className="variants__share">{percentOf(variant.weight, total)}</td>
              <td>
                <button
                  type="button"
                  className="icon-button"
                  aria-label="Remove variant"
                  disabled={variants.length === 1}
                  onClick={() => change({ ...node.data, variants: variants.filter((_, i) => i !== index) })}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Weights are relative; each lead always gets the same variant.</p>
    </Section>
  );
}

export function SendForm({ node, change }: Props<SendNode>) {
  const templates = useTemplates();
  const sender = node.data.sender;
  const senderMode = sender === undefined ? 'default' : sender === 'owner' ? 'owner' : 'custom';
  return (
    <Section title="Message">
      <SelectField
        label="Channel"
        value={node.data.channel}
        options={CHANNELS.map((c) => ({ value: c, label: channelText(c) }))}
        onChange={(channel) => change({ ...node.data, channel, template: templateOnChannelChange(templates.data, node.data.template, channel) })}
      />
      <TemplatePicker channel={node.data.channel} value={node.data.template} onChange={(template) => change({ ...node.data, template }, 'template')} />
      <SelectField
        label="Sender"
        value={senderMode}
        options={[
          { value: 'default', label: 'Journey default sender' },
          { value: 'owner', label: "The lead's owner" },
          { value: 'custom', label: 'A named sender' },
        ]}
        onChange={(mode) => {
          const { sender: _old, ...rest } = node.data;
          if (mode === 'default') change(rest);
          if (mode === 'owner') change({ ...rest, sender: 'owner' });
          if (mode === 'custom') change({ ...rest, sender: { name: '', email: '' } });
        }}
      />
      {sender !== undefined && sender !== 'owner' && (
        <div className="grid-2">
          {(['name', 'email', 'phone'] as const).map((key) => (
            <TextField
              key={key}
              label={`Sender ${key}`}
              value={sender[key] ?? ''}
              onChange={(text) => {
                const next = { ...sender };
                if (text) next[key] = text;
                else delete next[key];
                change({ ...node.data, sender: next }, `sender-${key}`);
              }}
            />
          ))}
        </div>
      )}
    </Section>
  );
}

/**
 * A step moved to another channel keeps its template if that is a stored one of the new channel
 * (a step fixed by choosing the channel its template is for); else it takes the channel's first
 * stored template, or none. With the list unknown it keeps what it had: Problems, or the server
 * when publishing, say whether that fits.
 */
function templateOnChannelChange(all: Template[] | null | undefined, template: string, channel: string): string {
  if (!all) return template;
  const offered = templatesFor(all, channel);
  return offered.some((t) => t.id === template) ? template : (offered[0]?.id ?? '');
}

export function UpdateForm({ node, change }: Props<UpdateNode>) {
  const data = node.data;
  const scoreMode = data.score === undefined ? 'none' : 'add' in data.score ? 'add' : 'set';
  const entries = Object.entries(data.set ?? {});
  function writeSet(next: Array<[string, unknown]>) {
    const { set: _old, ...rest } = data;
    change(next.length > 0 ? { ...rest, set: Object.fromEntries(next) } : rest, 'set');
  }
  return (
    <Section title="Changes">
      <div className="grid-2">
        <SelectField
          label="Score"
          value={scoreMode}
          options={[
            { value: 'none', label: 'Leave as is' },
            { value: 'add', label: 'Add (negative subtracts)' },
            { value: 'set', label: 'Set to' },
          ]}
          onChange={(mode) => {
            const { score: _old, ...rest } = data;
            if (mode === 'none') change(rest);
            if (mode === 'add') change({ ...rest, score: { add: 10 } });
            if (mode === 'set') change({ ...rest, score: { set: 0 } });
          }}
        />
        {data.score && (
          <NumberField
            label={'add' in data.score ? 'Points' : 'Value'}
            value={'add' in data.score ? data.score.add : data.score.set}
            onChange={(n) => change({ ...data, score: 'add' in data.score! ? { add: n } : { set: n } }, 'score')}
          />
        )}
      </div>
      <div className="where__title">Set fields</div>
      {entries.map(([key, value], index) => (
        <div key={index} className="condition__test">
          <input
            type="text"
            aria-label="Field to set"
            list="settable-fields"
            value={key}
            onChange={(event) => writeSet(entries.map((e, i) => (i === index ? [event.target.value, valueForField(event.target.value, e[1])] : e)))}
          />
          <span className="muted">=</span>
          {key.startsWith(CONSENT_PREFIX) ? (
            <select aria-label="New value" value={String(value)} onChange={(event) => writeSet(entries.map((e, i) => (i === index ? [e[0], event.target.value] : e)))}>
              {CONSENT_VALUES.map((v) => (
                <option key={v} value={v}>
                  {v.replace('_', ' ')}
                </option>
              ))}
            </select>
          ) : (
            <ValueInput label="New value" op="eq" value={value} onChange={(v) => writeSet(entries.map((e, i) => (i === index ? [e[0], v] : e)))} />
          )}
          <button type="button" className="icon-button" aria-label="Remove field" onClick={() => writeSet(entries.filter((_, i) => i !== index))}>
            ×
          </button>
        </div>
      ))}
      <datalist id="settable-fields">
        {[...SETTABLE_FIELDS, ...CONSENT_CHANNELS.map((c) => `${CONSENT_PREFIX}${c}`), 'attributes.tier', 'attributes.nurture_track'].map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
      <button
        type="button"
        className="link-button"
        onClick={() => writeSet([...entries, [entries.some(([k]) => k === 'stage') ? 'attributes.tier' : 'stage', entries.some(([k]) => k === 'stage') ? 'gold' : 'mql']])}
      >
        + field
      </button>
      <button type="button" className="link-button" onClick={() => writeSet([...entries, [`${CONSENT_PREFIX}email`, 'opted_in']])}>
        + consent
      </button>
      <p className="muted">Fields: {SETTABLE_FIELDS.join(', ')}, consent.&lt;channel&gt; (e.g. an opt-in after a yes click), or attributes.&lt;name&gt;.</p>
    </Section>
  );
}

/** A field renamed to a consent keeps its value only if that is a consent value; else it starts opted in. */
function valueForField(field: string, value: unknown): unknown {
  if (!field.startsWith(CONSENT_PREFIX)) return value;
  return (CONSENT_VALUES as readonly unknown[]).includes(value) ? value : 'opted_in';
}

export function HandoffForm({ node, change }: Props<HandoffNode>) {
  return (
    <Section title="Sales handoff">
      <TextField label="Queue" value={node.data.queue} onChange={(queue) => change({ ...node.data, queue }, 'queue')} />
      <SelectField
        label="Assign to"
        value={node.data.assign}
        options={[
          { value: 'round_robin', label: 'Round robin in the queue' },
          { value: 'owner', label: "The lead's owner" },
        ]}
        onChange={(assign) => change({ ...node.data, assign })}
      />
      <DurationInput label="SLA (answer within)" value={node.data.sla} onChange={(sla) => change({ ...node.data, sla }, 'sla')} />
      <p className="muted">Leads leave by accepted, recycled, disqualified, or SLA expired.</p>
    </Section>
  );
}

const OUTCOMES = ['converted', 'disqualified', 'completed'];

export function ExitForm({ node, change }: Props<ExitNode>) {
  const custom = !OUTCOMES.includes(node.data.outcome);
  return (
    <Section title="Outcome">
      <SelectField
        label="Leads leave as"
        value={custom ? 'custom' : node.data.outcome}
        options={[...OUTCOMES.map((o) => ({ value: o, label: o })), { value: 'custom', label: 'Custom…' }]}
        onChange={(outcome) => change({ ...node.data, outcome: outcome === 'custom' ? 'nurtured' : outcome })}
      />
      {custom && <TextField label="Custom outcome" value={node.data.outcome} onChange={(outcome) => change({ ...node.data, outcome }, 'outcome')} />}
    </Section>
  );
}
