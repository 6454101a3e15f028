import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderAs } from '../people/test-render.js';
import { SendersPage } from './SendersPage.js';

const senders = {
  senders: [
    { email: 'maya@acme.example', name: 'Maya Lind', phone: '+442079460958', signature: 'Maya Lind\nAccount lead', updatedAt: '2026-03-01T09:00:00.000Z' },
    { email: 'sam@acme.example', name: 'Sam Reyes', phone: null, signature: null, updatedAt: '2026-03-01T09:00:00.000Z' },
  ],
};

describe('the senders page', () => {
  it('lists each sender with phone and signature, and lets a marketer register and edit', () => {
    renderAs('marketer', <SendersPage />, [[['senders'], senders]]);
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell').slice(0, 4).map((cell) => cell.textContent))).toEqual([
      ['Maya Lind', 'maya@acme.example', '+442079460958', 'Maya Lind\nAccount lead'],
      ['Sam Reyes', 'sam@acme.example', '—', '—'],
    ]);
    expect(screen.getByRole('heading', { name: 'Register a sender' })).toBeInTheDocument();
    fireEvent.click(within(rows[0]!).getByRole('button', { name: 'Edit' }));
    expect(screen.getByLabelText('Signature')).toHaveValue('Maya Lind\nAccount lead');
  });

  it('shows a reviewer the list with no form and no edit buttons', () => {
    renderAs('reviewer', <SendersPage />, [[['senders'], senders]]);
    expect(screen.queryByRole('heading', { name: 'Register a sender' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(screen.getAllByRole('row')).toHaveLength(3);
  });
});
