import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { trialJourney, trialReport } from './report.fixture.js';
import { SendTable } from './SendTable.js';

describe('the send table', () => {
  it('counts the sends a frequency cap skipped in a column of their own, and suppressed ones under the step', () => {
    const report = trialReport();
    const sends = { ...report.sends, mailA: { ...report.sends.mailA!, capped: 1234, suppressed: 7 } };
    render(<SendTable journey={trialJourney} report={{ sends }} />);
    const table = screen.getByRole('table', { name: 'Sends by step' });
    const headers = within(table).getAllByRole('columnheader').map((th) => th.textContent);
    expect(headers).toEqual(['Step', 'Sent', 'Capped', 'Delivered', 'Opened', 'Clicked', 'Unsubscribed', 'Failed']);
    const row = screen.getByTestId('sends-mailA');
    expect(Array.from(row.querySelectorAll('td')).map((td) => td.textContent).slice(0, 2)).toEqual(['180', '1,234']);
    expect(within(row).getByRole('rowheader')).toHaveTextContent('Plain welcome mailA7 suppressed');
    expect(Array.from(screen.getByTestId('sends-mailB').querySelectorAll('td'))[1]).toHaveTextContent(/^0$/);
  });
});
