/**
 * The keyboard shortcuts of the app, in one list: the renderer's shortcuts dialog shows it, and the
 * desktop shell lists it in its menu (as labels, never as accelerators: the renderer handles these keys
 * itself, and only where nothing is being typed). A key added to a screen is added here.
 */

/** One shortcut: the keys pressed together (or alternatives, as the description says) and what they do. */
export type Shortcut = readonly [keys: readonly string[], what: string];

export interface ShortcutGroup {
  title: string;
  keys: readonly Shortcut[];
}

export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    title: 'Everywhere',
    keys: [
      [['?'], 'Show these shortcuts'],
      [['/'], 'Search'],
      [['Esc'], 'Close a dialog, leave a text field, or go back to the list'],
    ],
  },
  {
    title: 'Exercise page',
    keys: [
      [['Space'], 'Play or pause'],
      [['←', '→'], 'Step one frame back or forward'],
      [['Shift', '←'], 'One second back (Shift + → forward)'],
      [['M'], 'Comment at this moment'],
      [['Ctrl', 'Enter'], 'Send the comment (⌘ Enter on a Mac)'],
    ],
  },
  {
    title: 'Comparison',
    keys: [
      [['Space'], 'Play or pause both (also K)'],
      [['J', 'L'], 'Slower or faster (rate steps from 0.1× to 2×)'],
      [[',', '.'], 'Step one frame back or forward on both (also ← →)'],
      [['Shift', '←'], 'One second back (Shift + → forward)'],
      [['I', 'O'], 'Set the loop’s In and Out points'],
      [['M'], 'Comment at this moment (pauses, then write; Ctrl Enter sends)'],
      [['D'], 'Drawing mode on or off (pauses)'],
      [['A', 'S', 'C', 'F', 'G'], 'Draw an arrow, a straight line, a circle, freehand, or measure an angle'],
      [['Ctrl', 'Z'], 'Undo the last shape (Ctrl + Shift + Z redoes; ⌘ on a Mac)'],
      [['Esc'], 'Leave drawing mode, else back to the exercise page'],
    ],
  },
  {
    title: 'Drawing by keyboard (in drawing mode, Tab to a picture)',
    keys: [
      [['←', '↑', '→', '↓'], 'Move the crosshair over the picture (1 % a press)'],
      [['Shift', '↑'], 'Move the crosshair 10 % (Shift with any arrow)'],
      [['Enter'], 'Set the point under the crosshair: an arrow’s or line’s start then end, a circle’s centre then edge, an angle’s end, vertex, end (also Space; freehand needs a mouse, pen or touch)'],
      [['Esc'], 'Drop the shape being placed (again: leave drawing mode)'],
    ],
  },
  {
    title: 'Video page',
    keys: [
      [['Space'], 'Play or pause'],
      [['←', '→'], 'Step one frame back or forward'],
      [['I'], 'Set the clip’s In point at the playhead'],
      [['O'], 'Set the clip’s Out point at the playhead'],
    ],
  },
];

/** The keys of a shortcut as text, e.g. "Shift+←" or "J L". Modifiers join with +, alternatives with a space. */
export function shortcutKeysText(keys: readonly string[]): string {
  const modifiers = new Set(['Shift', 'Ctrl', 'Alt', '⌘', 'Cmd']);
  return keys.reduce((text, key, i) => (i === 0 ? key : `${text}${modifiers.has(keys[i - 1]!) ? '+' : ' '}${key}`), '');
}
