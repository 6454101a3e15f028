import './new-template-dialog.css';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { Template } from '../api/client.js';
import type { StoredTemplate } from '../api/content.js';
import { TemplateEditor } from '../content/editor/TemplateEditorPage.js';
import { channelText } from '../model/summary.js';

const FOCUSABLE = [
  'a[href]',
  'button:not(:disabled)',
  'input:not(:disabled)',
  'select:not(:disabled)',
  'textarea:not(:disabled)',
  'iframe',
  '[contenteditable="true"]',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/**
 * "New template…" from a send step: the message editor for the step's channel (the same
 * component as its page) in a modal dialog over the journey, so the journey and its unsaved
 * edits stay where they are. Saving creates the template, offers it to every picker and hands
 * its id to `onCreated`; Cancel, the close button and Escape leave everything as it was, asking
 * first when something was typed (a slip of Escape must not lose a written email).
 * Modal for keyboard and screen reader: the page behind is inert, Tab stays inside, focus goes
 * back where it was on closing, and the journey editor's own keys (Delete) never reach the canvas.
 */
export function NewTemplateDialog({ channel, onCreated, onClose }: { channel: string; onCreated: (id: string) => void; onClose: () => void }) {
  const client = useQueryClient();
  const titleId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const unsaved = useRef(false);
  const onUnsavedChange = useCallback((now: boolean) => {
    unsaved.current = now;
  }, []);
  const [asking, setAsking] = useState(false);
  const keepEditing = useRef<HTMLButtonElement>(null);
  // Where the marketer was when asked, to go back there on Keep editing.
  const editingAt = useRef<Element | null>(null);
  const requestClose = () => {
    if (!unsaved.current) return onClose();
    editingAt.current = document.activeElement;
    setAsking(true);
  };
  const backToEditing = () => {
    setAsking(false);
    const at = editingAt.current;
    if (at instanceof HTMLElement && at.isConnected) at.focus();
    else dialog.current?.querySelector<HTMLElement>('input')?.focus();
  };
  useEffect(() => {
    if (asking) keepEditing.current?.focus();
  }, [asking]);

  useEffect(() => {
    const before = document.activeElement;
    const page = document.getElementById('root');
    page?.setAttribute('inert', '');
    dialog.current?.querySelector<HTMLElement>('input')?.focus();
    return () => {
      page?.removeAttribute('inert');
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    // The journey editor listens on the window for Delete and Ctrl+Z: they are the dialog's here.
    event.stopPropagation();
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      if (asking) backToEditing();
      else requestClose();
    } else if (event.key === 'Tab') {
      const focusable = [...(dialog.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!first || !last) return;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  }

  function created(saved: StoredTemplate) {
    // Offered at once (the picker must not show it as "not a stored template"), then read again.
    client.setQueryData<Template[] | null>(['templates'], (old) =>
      old ? [...old.filter((t) => t.id !== saved.id), { id: saved.id, name: saved.name, channel: saved.channel }] : old,
    );
    void client.invalidateQueries({ queryKey: ['templates'] });
    onCreated(saved.id);
    onClose();
  }

  return createPortal(
    <div className="modal-backdrop template-dialog-backdrop">
      <div ref={dialog} className="modal template-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} onKeyDown={onKeyDown}>
        {/* One row of the dialog's grid, the question under the title when there is one. */}
        <div>
          <header className="template-dialog__header">
            <h2 id={titleId}>New {channelText(channel)} template</h2>
            <button type="button" className="button button--ghost" aria-label="Close without saving" onClick={requestClose}>
              ×
            </button>
          </header>
          {asking && (
            <div className="template-dialog__discard" role="alertdialog" aria-labelledby={`${titleId}-discard`}>
              <p id={`${titleId}-discard`}>Discard this template? What you wrote is not saved.</p>
              <button type="button" ref={keepEditing} onClick={backToEditing}>
                Keep editing
              </button>
              <button type="button" className="template-dialog__discard-confirm" onClick={onClose}>
                Discard
              </button>
            </div>
          )}
        </div>
        <div className="template-dialog__body">
          <TemplateEditor template={null} channel={channel} onSaved={created} onCancel={requestClose} onUnsavedChange={onUnsavedChange} />
        </div>
      </div>
    </div>,
    document.body,
  );
}
