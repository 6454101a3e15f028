import { CHANNELS, TASK_CHANNELS, describeDuration, type CadenceNode, type CadenceTouch, type Channel } from '@trellis/journey';
import { useState } from 'react';
import { RESPONSE_CADENCE, durationMinutes, minutesDuration, shiftTouches } from '../model/cadence.js';
import { cadenceSummary, channelText } from '../model/summary.js';
import { Section, TextField } from './fields.js';
import { NewTemplateDialog } from './NewTemplateDialog.js';
import { templatesFor } from './TemplatePicker.js';
import { useTemplates } from './use-templates.js';

/**
 * A cadence's settings: its table of touches (when, channel, template, due for tasks), edited
 * row by row (add, duplicate, delete), all shifted at once, or replaced by the "Response
 * cadence" preset; and the event that stops it. Rules (the preset, shifting) live in
 * model/cadence.ts; this renders and dispatches.
 */

type Props = { node: CadenceNode; change: (data: CadenceNode['data'], field?: string) => void };

export function CadenceForm({ node, change }: Props) {
  const touches = node.data.touches;
  const setTouches = (next: CadenceTouch[], field = 'touches') => change({ ...node.data, touches: next }, field);
  const [shift, setShift] = useState('PT1H');
  const [shiftNote, setShiftNote] = useState('');
  const shiftBy = (sign: 1 | -1) => {
    const minutes = durationMinutes(shift);
    if (minutes === null) {
      setShiftNote('Shift by days, hours or minutes, e.g. PT30M, PT2H, P1D');
      return;
    }
    const { touches: moved, unmoved } = shiftTouches(touches, sign * minutes);
    setShiftNote(unmoved.length ? `Touch ${unmoved.map((i) => i + 1).join(', ')} kept its time (months or seconds cannot be shifted here)` : '');
    setTouches(moved);
  };
  const addTouch = () => {
    const last = touches[touches.length - 1];
    const after = last ? (durationMinutes(last.at) ?? 0) + 24 * 60 : 0;
    setTouches([...touches, { at: minutesDuration(after), channel: 'email', template: '' }]);
  };

  return (
    <>
      <Section
        title="Touches"
        actions={
          <button type="button" className="secondary" onClick={() => setTouches(RESPONSE_CADENCE.map((t) => ({ ...t })))}>
            Use preset: Response cadence
          </button>
        }
      >
        <p className="muted" data-testid="cadence-summary">
          {cadenceSummary(node.data)}. Each time is from when the lead enters; quiet hours, the send window, caps and consent apply to every touch.
        </p>
        <table className="cadence-table" aria-label="Touches">
          <colgroup>
            <col className="cadence-col--n" />
            <col className="cadence-col--when" />
            <col className="cadence-col--channel" />
            <col />
            <col className="cadence-col--due" />
            <col className="cadence-col--actions" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Channel</th>
              <th scope="col">Template</th>
              <th scope="col">Due</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {touches.map((touch, i) => (
              <TouchRow
                key={i}
                index={i}
                touch={touch}
                onChange={(next, field) => setTouches(touches.map((t, j) => (j === i ? next : t)), `touches.${i}.${field}`)}
                onDuplicate={() => setTouches([...touches.slice(0, i + 1), { ...touch }, ...touches.slice(i + 1)])}
                onDelete={touches.length > 1 ? () => setTouches(touches.filter((_, j) => j !== i)) : undefined}
              />
            ))}
          </tbody>
        </table>
        <div className="cadence-actions">
          <button type="button" onClick={addTouch}>
            Add touch
          </button>
          <label className="cadence-shift">
            Shift all by
            <input aria-label="Shift all by" value={shift} onChange={(event) => setShift(event.target.value.trim())} size={7} />
          </label>
          <button type="button" className="secondary" onClick={() => shiftBy(1)}>
            Later
          </button>
          <button type="button" className="secondary" onClick={() => shiftBy(-1)}>
            Earlier
          </button>
        </div>
        {shiftNote && <p className="muted">{shiftNote}</p>}
      </Section>
      <Section title="Stops on">
        <TextField
          label="Stop event"
          list="event-types"
          value={node.data.stopOn.event}
          onChange={(event) => change({ ...node.data, stopOn: { ...node.data.stopOn, event } }, 'stopOn')}
          hint="When the lead does this, the cadence stops and the lead leaves by “stopped”; after the last touch it leaves by “done”."
        />
      </Section>
    </>
  );
}

function TouchRow({
  index,
  touch,
  onChange,
  onDuplicate,
  onDelete,
}: {
  index: number;
  touch: CadenceTouch;
  onChange: (touch: CadenceTouch, field: string) => void;
  onDuplicate: () => void;
  onDelete: (() => void) | undefined;
}) {
  const templates = useTemplates();
  const [writing, setWriting] = useState(false);
  const n = index + 1;
  const isTask = TASK_CHANNELS.includes(touch.channel);
  const choices = templates.data ? templatesFor(templates.data, touch.channel) : null;
  const setChannel = (channel: Channel) => {
    const { due, ...rest } = touch;
    const keepsTemplate = templates.data?.some((t) => t.id === touch.template && t.channel === channel) ?? false;
    const next: CadenceTouch = { ...rest, channel, template: keepsTemplate ? touch.template : '' };
    if (TASK_CHANNELS.includes(channel)) next.due = due ?? 'PT1H';
    onChange(next, 'channel');
  };
  return (
    <tr>
      <th scope="row">{n}</th>
      <td>
        <input aria-label={`Touch ${n} when`} value={touch.at} size={7} onChange={(event) => onChange({ ...touch, at: event.target.value.trim() }, 'at')} />
        <div className="muted cadence-when">{describeWhen(touch.at)}</div>
      </td>
      <td>
        <select aria-label={`Touch ${n} channel`} value={touch.channel} onChange={(event) => setChannel(event.target.value as Channel)}>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {channelText(c)}
            </option>
          ))}
        </select>
      </td>
      <td>
        {choices ? (
          <select aria-label={`Touch ${n} template`} value={touch.template} onChange={(event) => onChange({ ...touch, template: event.target.value }, 'template')}>
            <option value="">Choose…</option>
            {!choices.some((t) => t.id === touch.template) && touch.template !== '' && <option value={touch.template}>{touch.template} (not stored)</option>}
            {choices.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name ?? t.id}
              </option>
            ))}
          </select>
        ) : (
          <input aria-label={`Touch ${n} template`} value={touch.template} size={12} onChange={(event) => onChange({ ...touch, template: event.target.value.trim() }, 'template')} />
        )}
        <button type="button" className="link" aria-haspopup="dialog" aria-label={`New template for touch ${n}`} title={`Write a new ${channelText(touch.channel)} template for touch ${n}`} onClick={() => setWriting(true)}>
          New…
        </button>
        {writing && (
          <NewTemplateDialog channel={touch.channel} onCreated={(template) => onChange({ ...touch, template }, 'template')} onClose={() => setWriting(false)} />
        )}
      </td>
      <td>
        {isTask ? (
          <input aria-label={`Touch ${n} due`} value={touch.due ?? ''} size={5} placeholder="PT1H" onChange={(event) => onChange(withDue(touch, event.target.value.trim()), 'due')} />
        ) : (
          <span className="muted" aria-label={`Touch ${n} due`}>—</span>
        )}
      </td>
      <td className="cadence-row-actions">
        <button type="button" className="link" aria-label={`Duplicate touch ${n}`} title={`Duplicate touch ${n}`} onClick={onDuplicate}>
          Copy
        </button>
        {onDelete && (
          <button type="button" className="link danger" aria-label={`Delete touch ${n}`} title={`Delete touch ${n}`} onClick={onDelete}>
            ✕
          </button>
        )}
      </td>
    </tr>
  );
}

function withDue(touch: CadenceTouch, due: string): CadenceTouch {
  const { due: _old, ...rest } = touch;
  return due === '' ? rest : { ...rest, due };
}

/** `PT0M` → `at once`, `P1DT4H` → `after 1 day 4 hours`. */
function describeWhen(at: string): string {
  return durationMinutes(at) === 0 ? 'at once' : `after ${describeDuration(at)}`;
}
