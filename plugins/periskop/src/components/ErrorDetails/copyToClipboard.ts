/**
 * Copies text to the clipboard with the async Clipboard API, falling back to
 * a hidden textarea and `execCommand('copy')` where the API is missing (the
 * portal served over plain HTTP). Rejects when neither works.
 */
export async function copyToClipboard(text: string): Promise<void> {
  if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const textarea = document.createElement('textarea');
  textarea.value = text;
  textarea.setAttribute('readonly', '');
  textarea.style.position = 'fixed';
  textarea.style.opacity = '0';
  document.body.appendChild(textarea);
  try {
    textarea.select();
    if (!document.execCommand?.('copy')) {
      throw new Error('The browser refused to copy to the clipboard');
    }
  } finally {
    document.body.removeChild(textarea);
  }
}
