/** A thin progress bar; without a value it shows work of unknown length. */
export function ProgressBar({ value, label, className = '' }: { value: number | null; label: string; className?: string }) {
  const pct = value === null ? null : Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      className={`progress ${pct === null ? 'is-indeterminate' : ''} ${className}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct ?? undefined}
    >
      <span className="progress-fill" style={pct === null ? undefined : { width: `${pct}%` }} />
    </div>
  );
}
