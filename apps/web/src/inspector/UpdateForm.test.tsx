import type { UpdateNode } from '@trellis/journey';
import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { UpdateForm } from './NodeForms.js';

function setup(data: UpdateNode['data']) {
  const seen = { value: data };
  function Harness() {
    const [node, setNode] = useState<UpdateNode>({ id: 'u', type: 'update', position: { x: 0, y: 0 }, data });
    return (
      <UpdateForm
        node={node}
        change={(next) => {
          seen.value = next;
          setNode({ ...node, data: next });
        }}
      />
    );
  }
  render(<Harness />);
  return seen;
}

describe('the update step form', () => {
  it('records an email opt-in with "+ consent" and offers the consent values as a choice', () => {
    const seen = setup({ set: { stage: 'mql' } });
    fireEvent.click(screen.getByRole('button', { name: '+ consent' }));
    expect(seen.value).toStrictEqual({ set: { stage: 'mql', 'consent.email': 'opted_in' } });
    const values = screen.getAllByLabelText('New value');
    fireEvent.change(values[1]!, { target: { value: 'opted_out' } });
    expect(seen.value).toStrictEqual({ set: { stage: 'mql', 'consent.email': 'opted_out' } });
  });

  it('starts a field renamed to consent.sms as opted in rather than keeping a stage name', () => {
    const seen = setup({ set: { stage: 'mql' } });
    fireEvent.change(screen.getByLabelText('Field to set'), { target: { value: 'consent.sms' } });
    expect(seen.value).toStrictEqual({ set: { 'consent.sms': 'opted_in' } });
  });
});
