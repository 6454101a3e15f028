import Image from '@tiptap/extension-image';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect } from 'react';

/**
 * The email body as rich text, on TipTap (ProseMirror underneath): headings, bold, italic,
 * lists, links and images by URL, saved as HTML. Chosen over MJML because marketers write
 * prose here, not layouts: TipTap edits the text itself, is widely used and kept up, and its
 * HTML is what the server renders and sanitises. Liquid (`{{ lead.first_name }}`) is plain text
 * inside it.
 */
export function RichTextEmail({ html, onChange, onEditor }: { html: string; onChange: (html: string) => void; onEditor: (editor: Editor | null) => void }) {
  const editor = useEditor({
    extensions: [StarterKit.configure({ link: { openOnClick: false, autolink: true, protocols: ['mailto', 'tel'] } }), Image],
    content: html,
    onUpdate: ({ editor: e }) => onChange(e.getHTML()),
    editorProps: { attributes: { 'aria-label': 'Email body', role: 'textbox', 'aria-multiline': 'true', class: 'rich-text__content' } },
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
    const src = window.prompt('Image address (https://…)', 'https://');
    if (src) editor.chain().focus().setImage({ src, alt: '' }).run();
  };
  return (
    <div className="rich-text">
      <div className="rich-text__toolbar" role="toolbar" aria-label="Formatting">
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
