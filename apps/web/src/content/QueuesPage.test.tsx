import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderAs } from '../people/test-render.js';
import { QueuesPage } from './QueuesPage.js';

const queues = {
  queues: [
    {
      name: 'inside-sales',
      members: ['ana', 'ben'],
      openHandoffs: [
        { assignee: 'ana', open: 2 },
        { assignee: 'ben', open: 0 },
        { assignee: 'cy', open: 1 },
      ],
    },
  ],
};

const cells = (row: HTMLElement) => within(row).getAllByRole('cell').slice(0, 3).map((cell) => cell.textContent);

describe('the queues page', () => {
  it("shows each member's turn and open handoffs, and someone taken off the queue who still holds some", () => {
    renderAs('marketer', <QueuesPage />, [[['queues'], queues]]);
    const rows = within(screen.getByRole('region', { name: 'Queue inside-sales' })).getAllByRole('row').slice(1);
    expect(rows.map(cells)).toEqual([
      ['1', 'ana', '2'],
      ['2', 'ben', '0'],
      ['—', 'cy', '1'],
    ]);
    expect(screen.queryByRole('button', { name: 'Save inside-sales' })).toBeNull();
  });

  it('lets an operator reorder, add and remove members before saving', () => {
    renderAs('operator', <QueuesPage />, [[['queues'], queues]]);
    const save = screen.getByRole('button', { name: 'Save inside-sales' });
    expect(save).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Move ben up' }));
    fireEvent.change(screen.getByLabelText('Add a member to inside-sales'), { target: { value: 'dee' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove ana' }));
    const rows = within(screen.getByRole('region', { name: 'Queue inside-sales' })).getAllByRole('row').slice(1);
    expect(rows.map(cells)).toEqual([
      ['1', 'ben', '0'],
      ['2', 'dee', '0'],
      ['—', 'ana', '2'],
      ['—', 'cy', '1'],
    ]);
    expect(save).toBeEnabled();
  });
});
