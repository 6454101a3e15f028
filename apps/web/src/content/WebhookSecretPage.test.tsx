import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
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
});
