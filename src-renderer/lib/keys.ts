const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number']);

/** Whether keys typed now belong to a text field rather than to the app's shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(target.type);
}

/** Whether the target handles Space or arrows itself (buttons, links, fields, media controls). */
export function isInteractiveTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (isTypingTarget(target)) return true;
  return target.closest('button, a[href], input, select, textarea, video, audio, [role="option"], [role="slider"]') !== null;
}

/** Whether a modal dialog is open: it owns Esc and the keyboard. */
export function modalOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}

/** Whether the target moves with the arrow keys itself (media controls, lists, sliders, fields). */
export function usesArrowKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (isTypingTarget(target)) return true;
  return target.closest('video, audio, select, input, [role="slider"], [role="listbox"], [role="option"], [role="radiogroup"], [role="tablist"], [role="menu"]') !== null;
}
