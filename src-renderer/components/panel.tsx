import type { ReactNode } from 'react';

/** A panel's heading (its id labels the panel), and how many it holds once there are any. */
export function PanelTitle({ id, title, count }: { id: string; title: string; count: number }) {
  return (
    <>
      <h2 id={id} className="panel-title">
        {title}
      </h2>
      {count > 0 && <span className="panel-count">{count}</span>}
    </>
  );
}

/** A titled panel listing things: its heading with the count, then the list (or its loading, error or empty state). */
export function ListPanel({ titleId, title, count, className = '', children }: { titleId: string; title: string; count: number; className?: string; children: ReactNode }) {
  return (
    <section className={className ? `panel ${className}` : 'panel'} aria-labelledby={titleId}>
      <header className="panel-header">
        <PanelTitle id={titleId} title={title} count={count} />
      </header>
      {children}
    </section>
  );
}
