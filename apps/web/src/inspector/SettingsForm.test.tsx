import type { JourneySettings } from '@trellis/journey';
import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { SettingsForm } from './SettingsForm.js';

function setup(initial: JourneySettings) {
  const seen = { value: initial };
  function Harness() {
    const [settings, setSettings] = useState(initial);
    return (
      <SettingsForm
        settings={settings}
        change={(next) => {
          seen.value = next;
          setSettings(next);
        }}
      />
    );
  }
  render(<Harness />);
  return seen;
}

describe('journey settings', () => {
  it('turns on quiet hours and a weekday send window with sensible starting values', () => {
    const seen = setup({});
    fireEvent.click(screen.getByLabelText('Quiet hours'));
    fireEvent.click(screen.getByLabelText('Send window'));
    fireEvent.click(screen.getByRole('button', { name: 'fri' }));
    expect(seen.value).toStrictEqual({
      quietHours: { from: '20:00', to: '08:00' },
      sendWindow: { days: ['mon', 'tue', 'wed', 'thu'], from: '09:00', to: '17:00' },
    });
  });

  it('sets re-entry after a delay and a frequency cap, and removes them again', () => {
    const seen = setup({ timezone: 'Europe/London' });
    fireEvent.change(screen.getByLabelText('Re-entry'), { target: { value: 'after' } });
    fireEvent.change(screen.getByLabelText('Re-enter after amount'), { target: { value: '60' } });
    fireEvent.click(screen.getByRole('button', { name: '+ cap' }));
    expect(seen.value).toStrictEqual({
      timezone: 'Europe/London',
      reentry: { mode: 'after', after: 'P60D' },
      frequencyCap: [{ channel: 'email', max: 3, per: 'P7D' }],
    });
    fireEvent.click(screen.getByRole('button', { name: 'Remove cap' }));
    fireEvent.change(screen.getByLabelText('Re-entry'), { target: { value: 'never' } });
    expect(seen.value).toStrictEqual({ timezone: 'Europe/London' });
  });

  it('sets a priority, says what it decides, and leaves the default 0 out of the document', () => {
    const seen = setup({ timezone: 'Europe/London' });
    expect(screen.getByText(/^Priority 0 \(the default\): when a lead would enter this and another journey on one event/)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Priority'), { target: { value: '10' } });
    expect(seen.value).toStrictEqual({ timezone: 'Europe/London', priority: 10 });
    expect(screen.getByText(/^Priority 10: .* the journey with the higher priority goes first; equal priorities go by journey id\.$/)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Priority'), { target: { value: '-2' } });
    expect(seen.value).toStrictEqual({ timezone: 'Europe/London', priority: -2 });
    fireEvent.change(screen.getByLabelText('Priority'), { target: { value: '0' } });
    expect(seen.value).toStrictEqual({ timezone: 'Europe/London' });
  });
});
