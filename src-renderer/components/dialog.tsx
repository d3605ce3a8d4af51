import { useEffect, useId, useRef, type ReactNode } from 'react';

interface ModalProps {
  title: string;
  /** Called for Esc, the close button, or a click outside: the owner unmounts the dialog. */
  onClose(): void;
  children: ReactNode;
  description?: string;
  size?: 'small' | 'medium' | 'large';
}

/**
 * A modal on the native <dialog>: focus is trapped and returned, Esc cancels, and the page behind
 * is inert. Mount it to open it; unmount it to close it.
 */
export function Modal({ title, onClose, children, description, size = 'small' }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    // Where typing starts: the element marked for it, else the first field.
    const first = dialog.querySelector<HTMLElement>('[data-autofocus], input:not([type="hidden"]), textarea, select');
    first?.focus();
    return () => dialog.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className={`modal modal-${size}`}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onMouseDown={(event) => {
        // A press on the backdrop (the dialog element itself, outside its box) closes it.
        if (event.target === ref.current) onClose();
      }}
    >
      <div className="modal-box">
        <h2 id={titleId} className="modal-title">
          {title}
        </h2>
        {description && (
          <p id={descriptionId} className="modal-description">
            {description}
          </p>
        )}
        {children}
      </div>
    </dialog>
  );
}

interface ConfirmProps {
  title: string;
  description?: string;
  confirmLabel: string;
  /** Shown on the confirm button while the work runs. */
  busyLabel?: string;
  busy?: boolean;
  /** Confirming is not possible yet (or at all). */
  disabled?: boolean;
  error?: string | null;
  onConfirm(): void;
  onClose(): void;
  /** What the choice is about, above the error and the buttons. */
  children?: ReactNode;
}

/** "Are you sure" for what cannot be undone: the safe choice has focus first. */
export function ConfirmDialog({ title, description, confirmLabel, busyLabel = 'Working…', busy, disabled, error, onConfirm, onClose, children }: ConfirmProps) {
  return (
    <Modal title={title} description={description} onClose={onClose}>
      {children}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={onConfirm} disabled={busy || disabled}>
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
