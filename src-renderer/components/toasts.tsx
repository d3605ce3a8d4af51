import { useEffect } from 'react';
import { useUiStore, type Toast } from '../stores/ui-store';
import { CloseIcon } from './icons';

const SHOWN_MS = 6000;

/** Short notes about what just happened; errors stay a little longer and are announced at once. */
export function Toasts() {
  const toasts = useUiStore((s) => s.toasts);
  return (
    <div className="toasts">
      <div role="status" aria-live="polite" className="toast-stack">
        {toasts.filter((t) => t.tone === 'info').map((t) => (
          <ToastItem key={t.id} toast={t} />
        ))}
      </div>
      <div role="alert" aria-live="assertive" className="toast-stack">
        {toasts.filter((t) => t.tone === 'error').map((t) => (
          <ToastItem key={t.id} toast={t} />
        ))}
      </div>
    </div>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useUiStore((s) => s.dismissToast);
  useEffect(() => {
    const timer = window.setTimeout(() => dismiss(toast.id), toast.tone === 'error' ? SHOWN_MS * 1.5 : SHOWN_MS);
    return () => window.clearTimeout(timer);
  }, [toast.id, toast.tone, dismiss]);
  return (
    <div className={`toast toast-${toast.tone}`} data-testid="toast">
      <span>{toast.message}</span>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        <CloseIcon width={16} height={16} />
      </button>
    </div>
  );
}
