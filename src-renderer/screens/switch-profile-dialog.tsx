import { useEffect, useState } from 'react';
import { Modal } from '../components/dialog';
import { useProfileStore } from '../stores/profile-store';
import { AccountSignInForm } from './account-sign-in-form';
import { ProfileForm } from './profile-form';
import { ProfileList } from './profile-list';

const TITLES = { list: 'Switch profile', create: 'New profile', signIn: 'Sign in to an existing account' } as const;

export function SwitchProfileDialog({ onClose }: { onClose(): void }) {
  const profiles = useProfileStore((s) => s.profiles);
  const refreshList = useProfileStore((s) => s.refreshList);
  const [mode, setMode] = useState<keyof typeof TITLES>('list');

  useEffect(() => {
    void refreshList();
  }, [refreshList]);

  return (
    <Modal title={TITLES[mode]} onClose={onClose} size="medium">
      {mode === 'create' ? (
        <ProfileForm submitLabel="Create profile" onCreated={onClose} onCancel={() => setMode('list')} />
      ) : mode === 'signIn' ? (
        <AccountSignInForm onDone={onClose} onCancel={() => setMode('list')} />
      ) : (
        <>
          <ProfileList profiles={profiles} onSwitched={onClose} />
          <div className="modal-actions">
            <button type="button" className="button button-quiet modal-action-start" onClick={() => setMode('signIn')}>
              Sign in to an existing account
            </button>
            <button type="button" className="button" onClick={() => setMode('create')}>
              New profile
            </button>
            <button type="button" className="button" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}
