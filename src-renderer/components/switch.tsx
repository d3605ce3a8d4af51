import { useId } from 'react';

/** An on/off setting: a labelled switch, with a hint under its label. */
export function Switch({ label, hint, checked, disabled, onChange }: { label: string; hint?: string; checked: boolean; disabled?: boolean; onChange(value: boolean): void }) {
  const id = useId();
  return (
    <div className={disabled ? 'settings-switch is-disabled' : 'settings-switch'}>
      <input
        id={id}
        type="checkbox"
        role="switch"
        className="switch"
        checked={checked}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id} className="settings-switch-text">
        <span className="field-label">{label}</span>
        {hint && (
          <span id={`${id}-hint`} className="field-hint">
            {hint}
          </span>
        )}
      </label>
    </div>
  );
}
