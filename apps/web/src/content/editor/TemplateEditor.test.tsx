import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { StoredTemplate } from '../../api/content.js';
import { renderAs } from '../../people/test-render.js';
import { TemplateEditor } from './TemplateEditorPage.js';

const stored = (channel: string, parts: Partial<StoredTemplate>): StoredTemplate => ({
  id: `t-${channel}`,
  channel,
  name: `A ${channel}`,
  subject: null,
  body: '',
  html: null,
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-02T10:00:00.000Z',
  updatedBy: 'Maya Marketer',
  ...parts,
});
const fields: [readonly unknown[], unknown] = [
  ['merge-fields'],
  { lead: ['lead.email', 'lead.stage'], attributes: ['lead.first_name', 'lead.company'], sender: ['sender.name'], other: [] },
];

describe('the SMS editor', () => {
  const count = () => screen.getByTestId('sms-count').textContent;
  const type = (text: string) => fireEvent.change(screen.getByLabelText('Text message'), { target: { value: text } });

  it('counts GSM-7 segments as the marketer types: 160 in one, then 153 per segment', () => {
    renderAs('marketer', <TemplateEditor template={null} channel="sms" />);
    type('a'.repeat(160));
    expect(count()).toBe('GSM-7: 160 characters, 1 segment (0 left in this one, 160 per segment)');
    type('a'.repeat(161));
    expect(count()).toBe('GSM-7: 161 characters, 2 segments (145 left in this one, 153 per segment)');
  });

  it('switches to UCS-2 for an emoji, naming it, at 70 then 67 per segment', () => {
    renderAs('marketer', <TemplateEditor template={null} channel="sms" />);
    type('Hi 👋');
    expect(count()).toBe('UCS-2: 5 characters, 1 segment (65 left in this one, 70 per segment) · not GSM-7: 👋');
    type(`${'a'.repeat(69)}😀`);
    expect(count()).toMatch(/^UCS-2: 71 characters, 2 segments \(63 left in this one, 67 per segment\)/);
  });

  it('counts € as two places', () => {
    renderAs('marketer', <TemplateEditor template={null} channel="sms" />);
    type('€5');
    expect(count()).toBe('GSM-7: 3 characters, 1 segment (157 left in this one, 160 per segment)');
  });
});

describe('the field picker', () => {
  it('inserts the picked field as Liquid at the caret of the part last typed in, with a default', () => {
    renderAs('marketer', <TemplateEditor template={stored('sms', { body: 'Hi , see you' })} channel="sms" />, [fields]);
    const text = screen.getByLabelText('Text message') as HTMLTextAreaElement;
    fireEvent.focus(text);
    text.setSelectionRange(3, 3);
    fireEvent.change(screen.getByLabelText('Default if empty'), { target: { value: 'there' } });
    fireEvent.change(screen.getByLabelText('Insert field'), { target: { value: 'lead.first_name' } });
    expect(text.value).toBe('Hi {{ lead.first_name | default: "there" }}, see you');
  });

  it('offers lead fields, attributes seen on leads and sender fields', () => {
    renderAs('marketer', <TemplateEditor template={null} channel="call_task" />, [fields]);
    const picker = screen.getByLabelText('Insert field');
    expect(within(picker).getAllByRole('group').map((g) => g.getAttribute('label'))).toEqual(['Lead', 'Lead attributes', 'Sender']);
    expect(within(picker).getByRole('option', { name: 'lead.company' })).toBeInTheDocument();
  });
});

describe('Liquid problems as you type', () => {
  it('shows the server\'s syntax error under its part with line and column, and blocks saving', () => {
    const body = 'Hi {{ lead.first_name';
    const problem = { part: 'body', severity: 'error', message: 'output "{{ lead.first_name" not closed, line:1, col:4', line: 1, col: 4 };
    renderAs('marketer', <TemplateEditor template={stored('sms', { body })} channel="sms" />, [
      [['template-check', 'sms', null, body, null, null], { problems: [problem] }],
    ]);
    const shown = within(screen.getByRole('list', { name: 'Problems in the text message' })).getByRole('alert');
    expect(shown).toHaveTextContent('Line 1, column 4: output "{{ lead.first_name" not closed');
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
  });

  it('shows an unknown field as a warning that does not block saving', () => {
    const body = 'Hi {{ lead.frist_name }}';
    const problem = { part: 'body', severity: 'warning', message: 'no lead or sender has the field "lead.frist_name": it renders empty', line: null, col: null };
    renderAs('marketer', <TemplateEditor template={stored('sms', { body })} channel="sms" />, [
      [['template-check', 'sms', null, body, null, null], { problems: [problem] }],
    ]);
    expect(screen.getByRole('list', { name: 'Problems in the text message' })).toHaveTextContent('"lead.frist_name": it renders empty');
    expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled();
  });
});

describe('the email editor', () => {
  it('loads subject, preheader and rich text, checks the links, makes the plain text, and says who edited it last', async () => {
    const html =
      '<div data-preheader="" style="display:none;max-height:0;overflow:hidden;mso-hide:all">Three tips inside</div>' +
      '<p>Hi {{ lead.first_name }}, read <a href="http://acme.example/guide">the guide</a>.</p>';
    renderAs('marketer', <TemplateEditor template={stored('email', { subject: 'Tips', html, body: 'old text' })} channel="email" />);
    expect(screen.getByLabelText('Subject')).toHaveValue('Tips');
    expect(screen.getByLabelText('Preheader')).toHaveValue('Three tips inside');
    expect(await screen.findByRole('textbox', { name: 'Email body' })).toHaveTextContent('Hi {{ lead.first_name }}, read the guide.');
    const links = screen.getByRole('region', { name: 'Links' });
    expect(links).toHaveTextContent('http://acme.example/guide “the guide” : is not https');
    expect(within(links).getByTestId('no-unsubscribe')).toBeInTheDocument();
    // The stored text differs from what the HTML makes: kept as the marketer's own until asked.
    expect(screen.getByLabelText('Plain-text part')).toHaveValue('old text');
    fireEvent.click(screen.getByRole('button', { name: 'Make the plain text from the email again' }));
    expect(screen.getByLabelText('Plain-text part')).toHaveValue('Hi {{ lead.first_name }}, read the guide (http://acme.example/guide).');
    expect(screen.getByTestId('last-edited')).toHaveTextContent('by Maya Marketer');
  });

  it('opens an email stored with a text part only (as the examples are) with that text as its body, the plain text following it', async () => {
    const body = 'Hi {{ lead.first_name | default: "there" }},\n\nHere is the case study.\n\n{{ sender.name }}';
    renderAs('marketer', <TemplateEditor template={stored('email', { subject: 'Case study', html: null, body })} channel="email" />);
    expect(await screen.findByRole('textbox', { name: 'Email body' })).toHaveTextContent('Hi {{ lead.first_name | default: "there" }},Here is the case study.{{ sender.name }}');
    expect(screen.getByLabelText('Plain-text part')).toHaveValue(body);
  });
});

describe('the webhook editor', () => {
  const request = { method: 'PUT' as const, headers: { 'X-Api-Key': 'k1' }, body: '{"email": {{ lead.email | json }}}' };
  it('shows the URL, method, headers and JSON body as a form, and inserts a field into the body', () => {
    renderAs('marketer', <TemplateEditor template={stored('webhook', { body: 'https://crm.example/leads', request })} channel="webhook" />, [fields]);
    expect(screen.getByLabelText('URL')).toHaveValue('https://crm.example/leads');
    expect(screen.getByLabelText('Method')).toHaveValue('PUT');
    expect(screen.getByLabelText('Headers (one “Name: value” a line)')).toHaveValue('X-Api-Key: k1');
    const body = screen.getByLabelText('JSON body') as HTMLTextAreaElement;
    expect(body).toHaveValue('{"email": {{ lead.email | json }}}');
    fireEvent.focus(body);
    body.setSelectionRange(1, 1);
    fireEvent.change(screen.getByLabelText('Insert field'), { target: { value: 'lead.company' } });
    expect(body.value).toBe('{{{ lead.company }}"email": {{ lead.email | json }}}');
  });

  it('names a header line that is not "Name: value" and blocks saving', () => {
    renderAs('marketer', <TemplateEditor template={stored('webhook', { body: 'https://crm.example/leads', request })} channel="webhook" />);
    fireEvent.change(screen.getByLabelText('Headers (one “Name: value” a line)'), { target: { value: 'X-Api-Key k1' } });
    expect(screen.getByRole('alert')).toHaveTextContent('line 1: write a header as "Name: value"');
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
  });
});
