import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { RemovedNotice } from './OperatePage.js';

describe('the notice after removing a lead', () => {
  it('takes focus when it appears, so focus does not fall to the page with the removed profile', () => {
    const dismiss = vi.fn();
    render(<RemovedNotice leadId="ada" onDismiss={dismiss} />);
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('Took ada out of this journey.');
    expect(document.activeElement).toBe(status.parentElement);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(dismiss).toHaveBeenCalledOnce();
  });
});
