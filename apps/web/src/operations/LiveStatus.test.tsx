import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LiveStatus } from './LiveStatus.js';

describe("the live view's status chip", () => {
  it('says the journey is active and its counts live, in one chip', () => {
    render(<LiveStatus status="active" live="live" />);
    expect(screen.getAllByRole('status').map((s) => s.textContent)).toEqual(['Active · live']);
  });

  it('says only "Paused" for a paused journey, never "live" beside it', () => {
    render(<LiveStatus status="paused" live="live" />);
    expect(screen.getByRole('status')).toHaveTextContent(/^Paused$/);
  });

  it('says when the counts are reconnecting', () => {
    render(<LiveStatus status="active" live="reconnecting" />);
    expect(screen.getByRole('status')).toHaveTextContent('Active · reconnecting…');
  });
});
