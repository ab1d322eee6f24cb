import { cleanPastedText } from '../../../shared/text';

/**
 * Text pasted into any field loses what no store can keep (NUL, other control
 * characters, halves of emoji; vertical tab and form feed from word processors
 * become line breaks) before it lands, so the person sees what will be saved.
 * Typed or scripted text still meets the contract's refusal (shared/text.ts).
 */
export function installPasteCleaner(doc: Document = document): () => void {
  const onPaste = (e: ClipboardEvent): void => {
    const el = e.target;
    if (!(el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement)) return;
    const text = e.clipboardData?.getData('text/plain') ?? '';
    const clean = cleanPastedText(text);
    if (clean === text) return;
    e.preventDefault();
    // insertText goes through the browser's editing path: React sees an ordinary input event, and undo works.
    if (!doc.execCommand('insertText', false, clean)) {
      const start = el.selectionStart ?? el.value.length;
      const end = el.selectionEnd ?? start;
      el.setRangeText(clean, start, end, 'end');
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }
  };
  doc.addEventListener('paste', onPaste, true);
  return () => doc.removeEventListener('paste', onPaste, true);
}
