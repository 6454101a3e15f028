import type { Condition } from '@trellis/journey';
import { useId, useState } from 'react';
import { ConditionBuilder } from '../inspector/ConditionBuilder.js';
import { hasProblems, NO_PROBLEMS, segmentProblems, type SegmentFieldProblems } from './segment-edit.js';

/**
 * A segment's name and condition (the journey's condition builder), for a new segment and for
 * editing one. Problems show on their field: the form's own check once a save is tried (and
 * from then on as the marketer types), and the server's refusal (`refused`) until the next edit.
 */
export function SegmentForm({
  initialName = '',
  initialCondition,
  submitLabel,
  pending,
  refused,
  onSubmit,
  onCancel,
  idPrefix,
}: {
  initialName?: string;
  initialCondition: Condition;
  submitLabel: string;
  pending: boolean;
  refused: SegmentFieldProblems | null;
  onSubmit: (name: string, condition: Condition) => void;
  onCancel?: () => void;
  /** Names the fields for assistive tech when several forms are on the page ("Segment name" vs "Name of Retail"). */
  idPrefix?: string;
}) {
  const id = useId();
  const [name, setName] = useState(initialName);
  const [condition, setCondition] = useState(initialCondition);
  const [tried, setTried] = useState(false);
  const [edited, setEdited] = useState(false);
  const own = tried ? segmentProblems(name, condition) : NO_PROBLEMS;
  // The server's refusal stays until the marketer changes something; then the form's own check speaks.
  const shown: SegmentFieldProblems = refused && !edited ? { ...own, ...refused, condition: [...own.condition, ...refused.condition] } : own;
  const nameError = shown.name;
  return (
    <form
      className="segment-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setTried(true);
        setEdited(false);
        if (hasProblems(segmentProblems(name, condition))) return;
        onSubmit(name.trim(), condition);
      }}
    >
      <label className="field">
        <span>Name</span>
        <input
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setEdited(true);
          }}
          placeholder="Retail MQLs"
          aria-label={idPrefix ? `${idPrefix} name` : 'Segment name'}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? `${id}-name-error` : undefined}
        />
        {nameError && (
          <span id={`${id}-name-error`} className="field-error" role="alert">
            {nameError}
          </span>
        )}
      </label>
      <div className={`leads-condition${shown.condition.length > 0 ? ' leads-condition--invalid' : ''}`} aria-label={idPrefix ? `${idPrefix} condition` : 'Segment condition'} role="group">
        <ConditionBuilder
          value={condition}
          onChange={(next) => {
            setCondition(next);
            setEdited(true);
          }}
        />
      </div>
      {shown.condition.length > 0 && (
        <ul className="field-error-list" role="alert" aria-label="Condition problems">
          {shown.condition.map((message) => (
            <li key={message} className="field-error">
              {message}
            </li>
          ))}
        </ul>
      )}
      {shown.other && (
        <p className="problem problem--error" role="alert">
          {shown.other}
        </p>
      )}
      <div className="segment-form__actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel} disabled={pending}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
