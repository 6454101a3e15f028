import type { Condition } from '@trellis/journey';
import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { ConditionBuilder } from './ConditionBuilder.js';

/** Renders the builder over a condition it owns, and exposes the latest value. */
function setup(initial: Condition) {
  const seen: { value: Condition } = { value: initial };
  function Harness() {
    const [value, setValue] = useState<Condition>(initial);
    return (
      <ConditionBuilder
        value={value}
        onChange={(next) => {
          seen.value = next;
          setValue(next);
        }}
      />
    );
  }
  render(<Harness />);
  return seen;
}

describe('the condition builder', () => {
  it('edits a field test: field, operator and a typed value', () => {
    const seen = setup({ attr: 'score', op: 'gte', value: 50 });
    fireEvent.change(screen.getByLabelText('Lead field'), { target: { value: 'industry' } });
    fireEvent.change(screen.getByLabelText('Operator'), { target: { value: 'in' } });
    fireEvent.change(screen.getByLabelText('Value'), { target: { value: 'retail, saas' } });
    expect(seen.value).toStrictEqual({ attr: 'industry', op: 'in', value: ['retail', 'saas'] });
    fireEvent.change(screen.getByLabelText('Operator'), { target: { value: 'exists' } });
    expect(seen.value).toStrictEqual({ attr: 'industry', op: 'exists' });
    expect(screen.queryByLabelText('Value')).toBeNull();
  });

  it('wraps a test into a group and adds an engagement test beside it', () => {
    const seen = setup({ attr: 'score', op: 'gte', value: 50 });
    fireEvent.change(screen.getByLabelText('Condition kind'), { target: { value: 'any' } });
    fireEvent.click(screen.getByRole('button', { name: '+ engagement' }));
    expect(seen.value).toStrictEqual({ any: [{ attr: 'score', op: 'gte', value: 50 }, { event: 'email_clicked', within: 'P14D' }] });
  });

  it('edits an engagement test: count, window and a property test', () => {
    const seen = setup({ event: 'email_clicked', within: 'P14D' });
    fireEvent.change(screen.getByLabelText('Count'), { target: { value: '3' } });
    fireEvent.change(screen.getByLabelText('Within the last unit'), { target: { value: 'weeks' } });
    fireEvent.click(screen.getByRole('button', { name: '+ property test' }));
    fireEvent.change(screen.getByLabelText('Property value'), { target: { value: '/pricing' } });
    expect(seen.value).toStrictEqual({
      event: 'email_clicked',
      within: 'P14W',
      count: { op: 'gte', value: 3 },
      where: { url: { op: 'contains', value: '/pricing' } },
    });
    fireEvent.click(screen.getByLabelText('only within a window'));
    expect(seen.value).toStrictEqual({ event: 'email_clicked', count: { op: 'gte', value: 3 }, where: { url: { op: 'contains', value: '/pricing' } } });
  });

  it('negates a condition with not, keeping it', () => {
    const seen = setup({ attr: 'stage', op: 'eq', value: 'customer' });
    fireEvent.change(screen.getByLabelText('Condition kind'), { target: { value: 'not' } });
    expect(seen.value).toStrictEqual({ not: { attr: 'stage', op: 'eq', value: 'customer' } });
  });
});
