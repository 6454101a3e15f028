import { useEffect } from 'react';
import { toJourney } from '../model/serialize.js';
import { useTemplates } from '../inspector/use-templates.js';
import { templateChannels, validateJourney } from '../model/validation.js';
import { useEditorStore } from '../store/editor-store.js';

/** Validation waits for a pause in drawing so a drag or a burst of typing validates once. */
export const VALIDATION_DELAY_MS = 250;

/** Re-validates the document shortly after it changes and keeps the problems in the store. */
export function useLiveValidation(): void {
  const name = useEditorStore((s) => s.name);
  const settings = useEditorStore((s) => s.settings);
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const setProblems = useEditorStore((s) => s.setProblems);
  // A send naming a template that is not stored is a problem the marketer should see while drawing.
  const templates = useTemplates().data;
  // Selection and measuring change the arrays without changing the document; compare the text.
  const documentText = JSON.stringify(toJourney({ name, settings, nodes, edges }));
  useEffect(() => {
    const timer = setTimeout(() => {
      try {
        const channels = templateChannels(templates);
        setProblems(validateJourney(JSON.parse(documentText), channels ? { templates: channels } : {}));
      } catch (error) {
        setProblems([
          { severity: 'error', code: 'schema', message: `The validator failed: ${(error as Error).message}`, path: [] },
        ]);
      }
    }, VALIDATION_DELAY_MS);
    return () => clearTimeout(timer);
  }, [documentText, templates, setProblems]);
}
