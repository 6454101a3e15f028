import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { Editor } from '@tiptap/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StoredTemplate } from '../../api/content.js';
import { renderAs } from '../../people/test-render.js';
import { EmailBody } from './EmailBody.js';
import { TemplateEditor } from './TemplateEditorPage.js';

/** TipTap keeps its editor on the editable element. */
const editorOf = async (name: string) => (await screen.findByRole('textbox', { name })) as HTMLElement & { editor: Editor };

afterEach(() => vi.restoreAllMocks());
// ProseMirror scrolls the caret into view on focus; jsdom lays nothing out.
beforeAll(() => {
  Range.prototype.getClientRects = () => [] as unknown as DOMRectList;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
});

describe('Liquid typed in the rich text', () => {
  it('is given back as Liquid: > < & and quotes inside tags and outputs are not escaped', async () => {
    const onChange = vi.fn();
    render(<EmailBody html="<p>Hello</p>" onChange={onChange} onEditor={() => undefined} />);
    const { editor } = await editorOf('Email body');
    editor.commands.setContent('<p>{% if lead.score > 50 and lead.x < 3 %}Hot &amp; ready{% endif %} {{ lead.company | default: "R&amp;D" }}</p>', { emitUpdate: true });
    await waitFor(() => expect(onChange).toHaveBeenCalled());
    expect(onChange.mock.lastCall![0]).toBe('<p>{% if lead.score > 50 and lead.x < 3 %}Hot &amp; ready{% endif %} {{ lead.company | default: "R&D" }}</p>');
  });
});

describe('dynamic blocks', () => {
  const stored =
    '<p>Hi {{ lead.first_name | default: "there" }},</p>' +
    '{% if lead.stage == "mql" %}<p>Book a demo.</p>{% else %}<p>Read the guide.</p>{% endif %}' +
    '<p>Bye</p>';

  it('opens a stored if / else as a block with the condition builder, and saves an edited condition back as Liquid', async () => {
    const onChange = vi.fn();
    render(<EmailBody html={stored} onChange={onChange} onEditor={() => undefined} />);
    const block = screen.getByRole('group', { name: 'Dynamic block 1' });
    const first = within(block).getByRole('group', { name: 'Block 1, variant 1' });
    expect(within(first).getByText('Show when')).toBeInTheDocument();
    expect(await within(block).findByRole('textbox', { name: 'Block 1, variant 1 text' })).toHaveTextContent('Book a demo.');
    expect(within(block).getByRole('group', { name: 'Block 1, variant 2' })).toHaveTextContent('Otherwise');
    fireEvent.change(within(first).getByDisplayValue('mql'), { target: { value: 'sql' } });
    expect(onChange.mock.lastCall).toEqual([stored.replace('"mql"', '"sql"'), []]);
  });

  it('adds a block with a variant per condition, and blocks saving a condition Liquid cannot say', async () => {
    const onChange = vi.fn();
    render(<EmailBody html="<p>Hi</p>" onChange={onChange} onEditor={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add dynamic block' }));
    expect(onChange.mock.lastCall).toEqual(['<p>Hi</p>{% if lead.stage == "mql" %}{% endif %}', []]);
    const block = screen.getByRole('group', { name: 'Dynamic block 1' });
    fireEvent.change(within(block).getByLabelText('Condition kind'), { target: { value: 'event' } });
    expect(onChange.mock.lastCall![1]).toEqual(['Dynamic block 1, variant 1: engagement tests cannot be used in a message: a block shows by the lead’s fields']);
    expect(screen.getByRole('alert')).toHaveTextContent('engagement tests cannot be used');
  });
});

describe('images by URL', () => {
  it('takes an https address with its alt text, and refuses another scheme', async () => {
    const onChange = vi.fn();
    const alert = vi.spyOn(window, 'alert').mockImplementation(() => undefined);
    const prompt = vi.spyOn(window, 'prompt');
    render(<EmailBody html="<p>Hi</p>" onChange={onChange} onEditor={() => undefined} />);
    await editorOf('Email body');
    prompt.mockReturnValueOnce('http://acme.example/logo.png');
    fireEvent.click(screen.getByRole('button', { name: 'Image' }));
    expect(alert).toHaveBeenCalledWith('An image address must start with https://');
    expect(onChange).not.toHaveBeenCalled();
    prompt.mockReturnValueOnce('https://acme.example/logo.png').mockReturnValueOnce('Acme logo');
    fireEvent.click(screen.getByRole('button', { name: 'Image' }));
    await waitFor(() => expect(onChange).toHaveBeenCalled());
    expect(onChange.mock.lastCall![0]).toContain('<img src="https://acme.example/logo.png" alt="Acme logo">');
  });
});

describe('From', () => {
  const template: StoredTemplate = {
    id: 't-email',
    channel: 'email',
    name: 'Hello',
    subject: 'Hi',
    body: 'Hi',
    html: '<p>Hi</p>',
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-02T10:00:00.000Z',
    sender: 'owner',
  };
  it("offers the default, the lead's owner and each registered sender, showing the template's choice", () => {
    renderAs('marketer', <TemplateEditor template={template} channel="email" />, [
      [['senders'], { senders: [{ email: 'sam@acme.example', name: 'Sam Reyes', phone: null, signature: 'Sam', updatedAt: '2026-03-01T09:00:00.000Z' }] }],
    ]);
    const from = screen.getByLabelText('From') as HTMLSelectElement;
    expect(from.value).toBe('owner');
    expect([...from.options].map((o) => o.textContent)).toEqual([
      'The default sender',
      'The lead’s owner (the default when the owner is not a registered sender)',
      'Sam Reyes <sam@acme.example>',
    ]);
    fireEvent.change(from, { target: { value: 'sender:sam@acme.example' } });
    expect(from.value).toBe('sender:sam@acme.example');
  });
});
