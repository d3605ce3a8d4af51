import type { ReactNode } from 'react';
import { AlertIcon } from './icons';

/** What to do first, with the one button that does it. */
export function EmptyState({ title, children, action, icon }: { title: string; children?: ReactNode; action?: ReactNode; icon?: ReactNode }) {
  return (
    <section className="empty-state" aria-label={title}>
      {icon && <div className="empty-state-icon">{icon}</div>}
      <h2 className="empty-state-title">{title}</h2>
      {children && <div className="empty-state-text">{children}</div>}
      {action && <div className="empty-state-action">{action}</div>}
    </section>
  );
}

/** What happened in one sentence, and a retry. */
export function ErrorState({ message, onRetry, title = 'This didn’t load', compact = false }: { message: string; onRetry?: () => void; title?: string; compact?: boolean }) {
  return (
    <div className={compact ? 'error-state is-compact' : 'error-state'} role="alert">
      <AlertIcon className="error-state-icon" />
      <div>
        <p className="error-state-title">{title}</p>
        <p className="error-state-text">{message}</p>
      </div>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Skeleton({ className = '' }: { className?: string }) {
  return <span className={`skeleton ${className}`} aria-hidden="true" />;
}

/** Visible only to screen readers. */
export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}
