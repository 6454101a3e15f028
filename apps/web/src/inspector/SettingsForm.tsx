import { CHANNELS, type Condition, type JourneySettings } from '@trellis/journey';
import type { ReactNode } from 'react';
import { priorityWords } from '../model/priority-words.js';
import { channelText } from '../model/summary.js';
import { ConditionBuilder } from './ConditionBuilder.js';
import { HoldoutForm } from './ExperimentForm.js';
import { DurationInput, NumberField, Section, SelectField, TextField, TimeInput, WeekdayPicker } from './fields.js';

type Change = (settings: JourneySettings, field?: string) => void;

function without<K extends keyof JourneySettings>(settings: JourneySettings, key: K): JourneySettings {
  const copy = { ...settings };
  delete copy[key];
  return copy;
}

/** An optional setting: a checkbox turns it on (with a sensible starting value) or removes it. */
function Optional({ title, on, toggle, children }: { title: string; on: boolean; toggle: (on: boolean) => void; children: ReactNode }) {
  return (
    <section className="inspector-section">
      <header>
        <label className="checkbox checkbox--title">
          <input type="checkbox" checked={on} onChange={(event) => toggle(event.target.checked)} />
          <h3>{title}</h3>
        </label>
      </header>
      {on && children}
    </section>
  );
}

const STARTING_CONDITION: Condition = { attr: 'stage', op: 'eq', value: 'customer' };

export function SettingsForm({ settings, change }: { settings: JourneySettings; change: Change }) {
  const reentry = settings.reentry ?? { mode: 'never' as const };
  return (
    <div>
      <Section title="Audience">
        <TextField
          label="Fallback time zone"
          list="timezones"
          value={settings.timezone ?? ''}
          placeholder="UTC"
          hint="Used for leads without their own time zone."
          onChange={(timezone) => change(timezone ? { ...settings, timezone } : without(settings, 'timezone'), 'timezone')}
        />
        <SelectField
          label="Re-entry"
          value={reentry.mode}
          options={[
            { value: 'never', label: 'A lead enters once' },
            { value: 'always', label: 'A lead may re-enter at any time' },
            { value: 'after', label: 'A lead may re-enter some time after leaving' },
          ]}
          onChange={(mode) =>
            change(mode === 'never' ? without(settings, 'reentry') : { ...settings, reentry: mode === 'after' ? { mode, after: 'P30D' } : { mode } })
          }
        />
        {reentry.mode === 'after' && (
          <DurationInput label="Re-enter after" value={reentry.after} onChange={(after) => change({ ...settings, reentry: { mode: 'after', after } }, 'reentry')} />
        )}
      </Section>

      <Optional title="Goal" on={settings.goal !== undefined} toggle={(on) => change(on ? { ...settings, goal: { attr: 'stage', op: 'eq', value: 'sql' } } : without(settings, 'goal'))}>
        <p className="muted">A lead who meets it leaves with outcome “goal”.</p>
        {settings.goal && <ConditionBuilder value={settings.goal} onChange={(goal) => change({ ...settings, goal }, 'goal')} />}
      </Optional>

      <Optional title="Exit criteria" on={settings.exitWhen !== undefined} toggle={(on) => change(on ? { ...settings, exitWhen: STARTING_CONDITION } : without(settings, 'exitWhen'))}>
        <p className="muted">A lead who meets it leaves with outcome “exited”.</p>
        {settings.exitWhen && <ConditionBuilder value={settings.exitWhen} onChange={(exitWhen) => change({ ...settings, exitWhen }, 'exitWhen')} />}
      </Optional>

      <Optional
        title="Quiet hours"
        on={settings.quietHours !== undefined}
        toggle={(on) => change(on ? { ...settings, quietHours: { from: '20:00', to: '08:00' } } : without(settings, 'quietHours'))}
      >
        {settings.quietHours && (
          <div className="grid-2">
            <TimeInput label="From" value={settings.quietHours.from} onChange={(from) => change({ ...settings, quietHours: { ...settings.quietHours!, from } }, 'quiet-from')} />
            <TimeInput label="To" value={settings.quietHours.to} onChange={(to) => change({ ...settings, quietHours: { ...settings.quietHours!, to } }, 'quiet-to')} />
          </div>
        )}
        <p className="muted">Sends that fall inside wait until it ends, in the lead's time zone.</p>
      </Optional>

      <Optional
        title="Send window"
        on={settings.sendWindow !== undefined}
        toggle={(on) =>
          change(on ? { ...settings, sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' } } : without(settings, 'sendWindow'))
        }
      >
        {settings.sendWindow && (
          <>
            <WeekdayPicker
              label="Days"
              value={settings.sendWindow.days}
              onChange={(days) => change({ ...settings, sendWindow: { ...settings.sendWindow!, days } })}
            />
            <div className="grid-2">
              <TimeInput label="From" value={settings.sendWindow.from} onChange={(from) => change({ ...settings, sendWindow: { ...settings.sendWindow!, from } }, 'window-from')} />
              <TimeInput label="To" value={settings.sendWindow.to} onChange={(to) => change({ ...settings, sendWindow: { ...settings.sendWindow!, to } }, 'window-to')} />
            </div>
          </>
        )}
        <p className="muted">Sends and sales tasks outside it wait for the next opening.</p>
      </Optional>

      <FrequencyCaps settings={settings} change={change} />
      <Section title="Priority across journeys">
        {/* 0 is the default: the key is left out rather than written, as other defaults are. */}
        <NumberField
          label="Priority"
          value={settings.priority ?? 0}
          onChange={(priority) => change(priority === 0 || !Number.isFinite(priority) ? without(settings, 'priority') : { ...settings, priority }, 'priority')}
        />
        <p className="muted">{priorityWords(settings.priority)}</p>
      </Section>
      <HoldoutForm settings={settings} change={change} />
    </div>
  );
}

function FrequencyCaps({ settings, change }: { settings: JourneySettings; change: Change }) {
  const caps = settings.frequencyCap ?? [];
  function write(next: NonNullable<JourneySettings['frequencyCap']>) {
    change(next.length > 0 ? { ...settings, frequencyCap: next } : without(settings, 'frequencyCap'), 'caps');
  }
  return (
    <Section
      title="Frequency caps"
      actions={
        <button type="button" className="link-button" onClick={() => write([...caps, { channel: 'email', max: 3, per: 'P7D' }])}>
          + cap
        </button>
      }
    >
      {caps.length === 0 && <p className="muted">No caps. Caps count sends across all journeys.</p>}
      {caps.map((cap, index) => (
        <div key={index} className="cap-row">
          <span className="muted">At most</span>
          <input
            type="number"
            min={0}
            aria-label="Maximum sends"
            value={cap.max}
            onChange={(event) => write(caps.map((c, i) => (i === index ? { ...c, max: Math.max(0, Math.floor(Number(event.target.value) || 0)) } : c)))}
          />
          <select aria-label="Capped channel" value={cap.channel} onChange={(event) => write(caps.map((c, i) => (i === index ? { ...c, channel: event.target.value as typeof c.channel } : c)))}>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {channelText(c)}
              </option>
            ))}
          </select>
          <DurationInput label="per" value={cap.per} onChange={(per) => write(caps.map((c, i) => (i === index ? { ...c, per } : c)))} />
          <button type="button" className="icon-button" aria-label="Remove cap" onClick={() => write(caps.filter((_, i) => i !== index))}>
            ×
          </button>
        </div>
      ))}
    </Section>
  );
}
