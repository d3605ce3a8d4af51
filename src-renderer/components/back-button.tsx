import { BackIcon } from './icons';

/** A screen's way back (Esc does the same): `label` is shown, `ariaLabel` says where it leads. */
export function BackButton({ label, ariaLabel, onClick }: { label: string; ariaLabel: string; onClick(): void }) {
  return (
    <button type="button" className="back-button" onClick={onClick} aria-label={ariaLabel} title="Back (Esc)">
      <BackIcon width={18} height={18} />
      <span aria-hidden="true">{label}</span>
    </button>
  );
}
