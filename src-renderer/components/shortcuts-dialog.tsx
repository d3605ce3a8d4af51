import { Modal } from './dialog';

const GROUPS: { title: string; keys: [string[], string][] }[] = [
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
    title: 'Video page',
    keys: [
      [['Space'], 'Play or pause'],
      [['←', '→'], 'Step one frame back or forward'],
      [['I'], 'Set the clip’s In point at the playhead'],
      [['O'], 'Set the clip’s Out point at the playhead'],
    ],
  },
];

export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} size="medium">
      <div className="shortcut-groups">
        {GROUPS.map((group) => (
          <section key={group.title} aria-label={group.title}>
            <h3 className="shortcut-group-title">{group.title}</h3>
            <dl className="shortcut-list">
              {group.keys.map(([keys, what]) => (
                <div key={what} className="shortcut-row">
                  <dt>
                    {keys.map((k) => (
                      <kbd key={k}>{k}</kbd>
                    ))}
                  </dt>
                  <dd>{what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
    </Modal>
  );
}
