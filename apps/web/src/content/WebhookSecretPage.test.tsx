import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderAs } from '../people/test-render.js';
import { WebhookSecretPage } from './WebhookSecretPage.js';

describe('the webhook signing page', () => {
  it('keeps the secret off the screen until the admin asks, then shows it with the header to check', () => {
    const answer = { secret: 'a1b2c3', header: 'X-Trellis-Signature', format: 'sha256=<hex HMAC-SHA256 of the raw request body, keyed with the secret>' };
    renderAs('admin', <WebhookSecretPage />, [[['webhook-secret'], answer]]);
    expect(screen.queryByTestId('webhook-secret')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show the secret' }));
    expect(screen.getByTestId('webhook-secret')).toHaveTextContent('a1b2c3');
    expect(screen.getByText(/x-trellis-signature/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Hide' }));
    expect(screen.queryByTestId('webhook-secret')).toBeNull();
  });

  it('rotates after the admin confirms, showing the new secret once and how long the previous one keeps signing', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const rotated = { secret: 'n3w5ecret', header: 'X-Trellis-Signature', previousHeader: 'X-Trellis-Signature-Previous', previousValidUntil: '2026-03-02T10:00:00.000Z' };
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify(rotated), { status: 200, headers: { 'content-type': 'application/json' } }));
    localStorage.setItem('trellis.token', 'admin-token');
    renderAs('admin', <WebhookSecretPage />);
    fireEvent.click(screen.getByRole('button', { name: 'Rotate' }));
    expect(await screen.findByTestId('rotated-secret')).toHaveTextContent('n3w5ecret');
    expect(screen.getByRole('status')).toHaveTextContent('X-Trellis-Signature-Previous carries the signature made with the previous secret');
    expect(fetch.mock.calls[0]![0]).toContain('/api/settings/webhook-secret/rotate');
    vi.restoreAllMocks();
    localStorage.removeItem('trellis.token');
  });
});

