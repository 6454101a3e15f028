import type { Editor } from '@tiptap/react';
import type { Condition } from '@trellis/journey';
import { useRef, useState } from 'react';
import { ConditionBuilder } from '../../inspector/ConditionBuilder.js';
import { parseEmailBody, serializeEmailBody, type BodySection, type Variant } from './email-body.js';
import { RichTextEmail } from './RichTextEmail.js';

type Keyed<T> = T & { key: number };
type KeyedSection = Keyed<{ kind: 'rich'; html: string }> | Keyed<{ kind: 'dynamic'; variants: Array<Keyed<Variant>> }>;

const NEW_CONDITION: Condition = { attr: 'stage', op: 'eq', value: 'mql' };

/**
 * The email body: rich-text sections with dynamic blocks between them. A block holds variants,
 * each shown when its condition (the journey's condition builder) holds, the first that holds
 * winning, and an optional "otherwise". Saved as Liquid if / elsif / else (email-body.ts), so one
 * template carries the stage × role variants a drip needs.
 */
export function EmailBody({
  html,
  onChange,
  onEditor,
}: {
  html: string;
  onChange: (html: string, problems: string[]) => void;
  onEditor: (editor: Editor | null) => void;
}) {
  const next = useRef(0);
  const key = () => next.current++;
  const [sections, setSections] = useState<KeyedSection[]>(() =>
    parseEmailBody(html).map((s) =>
      s.kind === 'rich' ? { ...s, key: key() } : { kind: 'dynamic', key: key(), variants: s.variants.map((v) => ({ ...v, key: key() })) },
    ),
  );
  // Editors call back with the closures they were made with: changes apply to the latest sections.
  const latest = useRef(sections);
  const update = (change: (current: KeyedSection[]) => KeyedSection[]) => {
    const changed = change(latest.current);
    latest.current = changed;
    setSections(changed);
    const saved = serializeEmailBody(changed as BodySection[]);
    onChange(saved.html, saved.problems);
  };
  const setRich = (sectionKey: number, html: string) => update((all) => all.map((s) => (s.key === sectionKey && s.kind === 'rich' ? { ...s, html } : s)));
  const changeVariants = (sectionKey: number, change: (variants: Array<Keyed<Variant>>) => Array<Keyed<Variant>>) =>
    update((all) => all.map((s) => (s.key === sectionKey && s.kind === 'dynamic' ? { ...s, variants: change(s.variants) } : s)));
  const setVariant = (sectionKey: number, variantKey: number, patch: Partial<Variant>) =>
    changeVariants(sectionKey, (variants) => variants.map((v) => (v.key === variantKey ? { ...v, ...patch } : v)));
  const problems = serializeEmailBody(sections as BodySection[]).problems;
  let blockNumber = 0;

  return (
    <div className="email-body">
      {sections.map((section, index) => {
        if (section.kind === 'rich') {
          return (
            <RichTextEmail
              key={section.key}
              label={index === 0 ? 'Email body' : `Email body, part ${index + 1}`}
              html={section.html}
              onChange={(h) => setRich(section.key, h)}
              onEditor={onEditor}
            />
          );
        }
        blockNumber += 1;
        const number = blockNumber;
        const setVariants = (variants: Array<Keyed<Variant>>) => changeVariants(section.key, () => variants);
        const hasOtherwise = section.variants.some((v) => v.when === null);
        return (
          <fieldset key={section.key} className="dynamic-block" aria-label={`Dynamic block ${number}`}>
            <legend>Dynamic block {number}: the first variant whose condition holds is shown</legend>
            {section.variants.map((variant, v) => (
              <div key={variant.key} className="dynamic-block__variant" role="group" aria-label={`Block ${number}, variant ${v + 1}`}>
                {variant.when === null ? (
                  <p className="dynamic-block__when">Otherwise</p>
                ) : (
                  <div className="dynamic-block__when">
                    <span>{v === 0 ? 'Show when' : 'Else, when'}</span>
                    <ConditionBuilder value={variant.when} onChange={(when) => setVariant(section.key, variant.key, { when })} />
                  </div>
                )}
                <RichTextEmail
                  label={`Block ${number}, variant ${v + 1} text`}
                  html={variant.html}
                  onChange={(h) => setVariant(section.key, variant.key, { html: h })}
                  onEditor={onEditor}
                />
                {section.variants.length > 1 && (
                  <button type="button" className="button button--ghost" onClick={() => setVariants(section.variants.filter((_, i) => i !== v))}>
                    Remove variant {v + 1}
                  </button>
                )}
              </div>
            ))}
            <div className="dynamic-block__actions">
              <button
                type="button"
                onClick={() => {
                  const added = { when: NEW_CONDITION, html: '', key: key() };
                  const others = section.variants.filter((x) => x.when !== null);
                  setVariants([...others, added, ...section.variants.filter((x) => x.when === null)]);
                }}
              >
                Add variant
              </button>
              {!hasOtherwise && (
                <button type="button" onClick={() => setVariants([...section.variants, { when: null, html: '', key: key() }])}>
                  Add “otherwise”
                </button>
              )}
              <button type="button" className="button button--ghost" onClick={() => update((all) => mergeRich(all.filter((s) => s.key !== section.key), key))}>
                Remove block {number}
              </button>
            </div>
          </fieldset>
        );
      })}
      <button
        type="button"
        onClick={() =>
          update((all) => [
            ...all,
            { kind: 'dynamic', key: key(), variants: [{ when: NEW_CONDITION, html: '', key: key() }] },
            { kind: 'rich', html: '', key: key() },
          ])
        }
      >
        Add dynamic block
      </button>
      {problems.map((p) => (
        <p key={p} className="problem problem--error" role="alert">
          {p}
        </p>
      ))}
    </div>
  );
}

/** Two text sections left side by side by a removed block become one (a new editor: it reads its text once). */
function mergeRich(sections: KeyedSection[], fresh: () => number): KeyedSection[] {
  const merged: KeyedSection[] = [];
  for (const s of sections) {
    const last = merged[merged.length - 1];
    if (s.kind === 'rich' && last?.kind === 'rich') merged[merged.length - 1] = { ...last, html: last.html + s.html, key: fresh() };
    else merged.push(s);
  }
  return merged;
}
