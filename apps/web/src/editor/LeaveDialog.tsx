import { useEffect, useId, useRef, type KeyboardEvent } from 'react';

/**
 * Asked when the editor would be left with unsaved changes. Modal: focus starts on saving, Tab
 * stays among the three choices, Escape stays, and focus goes back where it was on closing.
 */
export function LeaveDialog({
  saving,
  onSaveAndLeave,
  onLeave,
  onStay,
}: {
  saving: boolean;
  onSaveAndLeave: () => void;
  onLeave: () => void;
  onStay: () => void;
}) {
  const titleId = useId();
  const textId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const saveButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const before = document.activeElement;
    saveButton.current?.focus();
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    // The editor's own keys (Delete, Ctrl+Z) must not act on the drawing behind the dialog.
    event.stopPropagation();
    if (event.key === 'Escape' && !saving) {
      event.preventDefault();
      onStay();
    } else if (event.key === 'Tab') {
      const buttons = [...(dialog.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
      if (buttons.length === 0) return;
      const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
      const next = event.shiftKey ? (at <= 0 ? buttons.length - 1 : at - 1) : at === buttons.length - 1 ? 0 : at + 1;
      event.preventDefault();
      buttons[next]!.focus();
    }
  }

  return (
    <div className="modal-backdrop">
      <div ref={dialog} className="modal" role="alertdialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={textId} onKeyDown={onKeyDown}>
        <h2 id={titleId}>Leave with unsaved changes?</h2>
        <p id={textId}>This journey has changes that are not saved yet. Save them as a draft before you go, or they will be lost.</p>
        <div className="modal__actions">
          <button type="button" className="button" onClick={onStay} disabled={saving}>
            Stay
          </button>
          <button type="button" className="button button--ghost modal__discard" onClick={onLeave} disabled={saving}>
            Leave without saving
          </button>
          <button ref={saveButton} type="button" className="button button--primary" onClick={onSaveAndLeave} disabled={saving}>
            {saving ? 'Saving…' : 'Save draft and leave'}
          </button>
        </div>
      </div>
    </div>
  );
}
