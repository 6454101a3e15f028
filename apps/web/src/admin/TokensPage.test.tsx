import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderAs } from '../people/test-render.js';
import { TokensPage } from './TokensPage.js';

describe('the tokens page', () => {
  it('lists tokens by name and role, and offers to revoke only the active ones', () => {
    renderAs('admin', <TokensPage />, [
      [
        ['tokens'],
        {
          tokens: [
            { id: 'a', name: 'Maya', role: 'reviewer', createdAt: '2026-03-01T09:00:00.000Z', revokedAt: null },
            { id: 'b', name: 'Old CRM', role: 'ingest', createdAt: '2026-03-01T09:00:00.000Z', revokedAt: '2026-03-02T09:00:00.000Z' },
          ],
        },
      ],
    ]);
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[1]!.textContent)).toEqual(['reviewer', 'ingest']);
    expect(within(rows[0]!).getByRole('button', { name: 'Revoke' })).toBeInTheDocument();
    expect(within(rows[1]!).queryByRole('button')).toBeNull();
    expect(rows[1]).toHaveTextContent('revoked');
  });
});
