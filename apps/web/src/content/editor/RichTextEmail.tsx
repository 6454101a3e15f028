import Image from '@tiptap/extension-image';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect } from 'react';
import { unescapeLiquid } from './email-body.js';

/** Images come by https address only: an email's images are fetched by the reader's mail client. */
export function imageAddressProblem(src: string): string | null {
  try {
    return new URL(src).protocol === 'https:' ? null : 'An image address must start with https://';
  } catch {
    return 'That is not a web address: write one starting with https://';
  }
}

/**
 * Only what is typed as an address becomes a link by itself (https://…, www.…, mailto:): a
 * merge field such as `{{ sender.name }}` or `{{ lead.email }}` ends in a top-level domain's
 * name and would otherwise be linked, breaking its Liquid. Other links come from the Link button.
 */
export function typedAsLink(url: string): boolean {
  return /^(https?:\/\/|www\.|mailto:)/i.test(url);
}

/**
 * The email body as rich text, on TipTap (ProseMirror underneath): headings, bold, italic,
 * lists, links and images by URL, saved as HTML. Chosen over MJML because marketers write
 * prose here, not layouts: TipTap edits the text itself, is widely used and kept up, and its
 * HTML is what the server renders and sanitises. Liquid (`{{ lead.first_name }}`) is plain text
 * inside it, given back unescaped (`unescapeLiquid`) so `{% if lead.score > 50 %}` stays Liquid.
 */
export function RichTextEmail({
  html,
  onChange,
  onEditor,
  label = 'Email body',
}: {
  html: string;
  onChange: (html: string) => void;
  onEditor: (editor: Editor | null) => void;
  label?: string;
}) {
  const editor = useEditor({
    extensions: [
      StarterKit.configure({ link: { openOnClick: false, autolink: true, protocols: ['mailto', 'tel'], shouldAutoLink: typedAsLink } }),
      Image.configure({ allowBase64: false }),
    ],
    content: html,
    onUpdate: ({ editor: e }) => onChange(unescapeLiquid(e.getHTML())),
    editorProps: { attributes: { 'aria-label': label, role: 'textbox', 'aria-multiline': 'true', class: 'rich-text__content' } },
  });
  useEffect(() => {
    onEditor(editor);
    return () => onEditor(null);
  }, [editor, onEditor]);
  if (!editor) return null;
  const button = (label: string, active: boolean, run: () => void) => (
    <button type="button" className={active ? 'is-active' : ''} aria-pressed={active} onClick={run}>
      {label}
    </button>
  );
  const link = () => {
    const href = window.prompt('Link address (https://…, or {{ unsubscribe_url }})', editor.getAttributes('link').href ?? 'https://');
    if (href === null) return;
    if (href === '') editor.chain().focus().unsetLink().run();
    else editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
  };
  const image = () => {
    const src = window.prompt('Image address (https://…)', 'https://')?.trim();
    if (!src) return;
    const problem = imageAddressProblem(src);
    if (problem) {
      window.alert(problem);
      return;
    }
    const alt = window.prompt('Alt text: what the image shows, read when images are off', '');
    if (alt === null) return;
    editor.chain().focus().setImage({ src, alt: alt.trim() }).run();
  };
  return (
    <div className="rich-text">
      <div className="rich-text__toolbar" role="toolbar" aria-label={`Formatting: ${label}`}>
        {button('Bold', editor.isActive('bold'), () => editor.chain().focus().toggleBold().run())}
        {button('Italic', editor.isActive('italic'), () => editor.chain().focus().toggleItalic().run())}
        {button('Heading', editor.isActive('heading', { level: 2 }), () => editor.chain().focus().toggleHeading({ level: 2 }).run())}
        {button('List', editor.isActive('bulletList'), () => editor.chain().focus().toggleBulletList().run())}
        {button('Link', editor.isActive('link'), link)}
        {button('Image', false, image)}
      </div>
      <EditorContent editor={editor} />
    </div>
  );
}
