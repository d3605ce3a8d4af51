import { useState } from 'react';
import type { Profile } from '../../src-shared/domain';
import { errorMessage } from '../api/client';
import { Avatar } from '../components/chips';
import { ROLE_LABEL } from '../lib/format';
import { useProfileStore } from '../stores/profile-store';

/** The profiles on this computer, each a button that opens it. */
export function ProfileList({ profiles, onSwitched }: { profiles: Profile[]; onSwitched?: () => void }) {
  const current = useProfileStore((s) => s.current);
  const switchTo = useProfileStore((s) => s.switchTo);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function open(profile: Profile) {
    if (profile.user.id === current?.user.id) {
      onSwitched?.();
      return;
    }
    setBusyId(profile.user.id);
    setError(null);
    try {
      await switchTo(profile.user.id);
      onSwitched?.();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusyId(null);
    }
  }

  return (
    <div>
      <ul className="profile-list" aria-label="Profiles on this computer">
        {profiles.map((p) => {
          const isCurrent = p.user.id === current?.user.id;
          return (
            <li key={p.user.id}>
              <button
                type="button"
                className="profile-choice"
                onClick={() => void open(p)}
                disabled={busyId !== null}
                aria-current={isCurrent ? 'true' : undefined}
                aria-label={`Open ${p.user.displayName} (${ROLE_LABEL[p.user.role]})`}
              >
                <Avatar name={p.user.displayName} />
                <span className="profile-choice-text">
                  <span className="profile-choice-name">{p.user.displayName}</span>
                  <span className="profile-choice-meta">
                    {ROLE_LABEL[p.user.role]} · @{p.user.username}
                  </span>
                </span>
                {isCurrent && <span className="profile-choice-current">Open now</span>}
                {busyId === p.user.id && <span className="profile-choice-current">Opening…</span>}
              </button>
            </li>
          );
        })}
      </ul>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
