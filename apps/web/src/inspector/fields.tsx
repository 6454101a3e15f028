import { BUILT_IN_EVENT_TYPES, WEEKDAYS, type Weekday } from '@trellis/journey';
import { memo, useId, type ReactNode } from 'react';
import { DURATION_UNITS, parseSimpleDuration, toIsoDuration, type DurationUnit } from '../model/duration.js';

/** Small labelled inputs the forms are built from; each reports a whole new value. */

export function Field({ label, children, hint }: { label: string; children: (id: string) => ReactNode; hint?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && <small className="field__hint">{hint}</small>}
    </div>
  );
}

export function TextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  list?: string;
  hint?: string;
}) {
  return (
    <Field label={props.label} hint={props.hint}>
      {(id) => (
        <input
          id={id}
          type="text"
          value={props.value}
          placeholder={props.placeholder}
          list={props.list}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

export function NumberField(props: { label: string; value: number; onChange: (value: number) => void; min?: number; step?: number }) {
  return (
    <Field label={props.label}>
      {(id) => (
        <input
          id={id}
          type="number"
          value={Number.isFinite(props.value) ? props.value : ''}
          min={props.min}
          step={props.step ?? 1}
          onChange={(event) => props.onChange(event.target.value === '' ? 0 : Number(event.target.value))}
        />
      )}
    </Field>
  );
}

export function SelectField<T extends string>(props: {
  label: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange: (value: T) => void;
}) {
  return (
    <Field label={props.label}>
      {(id) => (
        <select id={id} value={props.value} onChange={(event) => props.onChange(event.target.value as T)}>
          {props.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A number and a unit; an ISO value the picker cannot show as one (`P1DT2H`) is edited as text. */
export function DurationInput({ label, value, onChange }: { label: string; value: string; onChange: (iso: string) => void }) {
  const simple = parseSimpleDuration(value);
  const id = useId();
  if (!simple) {
    return (
      <TextField label={label} value={value} onChange={onChange} placeholder="P3D" hint="ISO 8601, e.g. PT30M, PT4H, P3D, P2W, P1M" />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="duration-input">
        <input
          id={id}
          type="number"
          min={0}
          value={simple.amount}
          aria-label={`${label} amount`}
          onChange={(event) => onChange(toIsoDuration({ amount: Math.max(0, Math.floor(Number(event.target.value) || 0)), unit: simple.unit }))}
        />
        <select
          aria-label={`${label} unit`}
          value={simple.unit}
          onChange={(event) => onChange(toIsoDuration({ amount: simple.amount, unit: event.target.value as DurationUnit }))}
        >
          {DURATION_UNITS.map((unit) => (
            <option key={unit} value={unit}>
              {unit}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

export function TimeInput({ label, value, onChange }: { label: string; value: string; onChange: (time: string) => void }) {
  return (
    <Field label={label}>
      {(id) => <input id={id} type="time" value={value} onChange={(event) => onChange(event.target.value)} />}
    </Field>
  );
}

const DAY_NAMES: Record<Weekday, string> = { mon: 'Mo', tue: 'Tu', wed: 'We', thu: 'Th', fri: 'Fr', sat: 'Sa', sun: 'Su' };

export function WeekdayPicker({ label, value, onChange }: { label: string; value: readonly Weekday[]; onChange: (days: Weekday[]) => void }) {
  return (
    <fieldset className="field weekdays">
      <legend>{label}</legend>
      <div className="weekdays__row">
        {WEEKDAYS.map((day) => {
          const on = value.includes(day);
          return (
            <button
              key={day}
              type="button"
              className={on ? 'day is-on' : 'day'}
              aria-pressed={on}
              aria-label={day}
              onClick={() => onChange(WEEKDAYS.filter((d) => (d === day ? !on : value.includes(d))))}
            >
              {DAY_NAMES[day]}
            </button>
          );
        })}
      </div>
    </fieldset>
  );
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="inspector-section">
      <header>
        <h3>{title}</h3>
        {actions}
      </header>
      {children}
    </section>
  );
}

/** Lists the editor offers as suggestions (free text stays allowed). */
export const SuggestionLists = memo(function SuggestionLists() {
  return (
    <>
      <datalist id="event-types">
        {BUILT_IN_EVENT_TYPES.map((type) => (
          <option key={type} value={type} />
        ))}
      </datalist>
      <datalist id="lead-fields">
        {['score', 'stage', 'email', 'phone', 'timezone', 'owner', 'consent.email', 'consent.sms', 'industry', 'country', 'company_size'].map(
          (field) => (
            <option key={field} value={field} />
          ),
        )}
      </datalist>
      <datalist id="timezones">
        {supportedTimeZones().map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
});

function supportedTimeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return ['UTC', ...(intl.supportedValuesOf?.('timeZone') ?? [])];
}
