import { useEffect, useState } from 'react';
import { Modal } from '../components/dialog';
import { useProfileStore } from '../stores/profile-store';
import { ProfileForm } from './profile-form';
import { ProfileList } from './profile-list';

export function SwitchProfileDialog({ onClose }: { onClose(): void }) {
  const profiles = useProfileStore((s) => s.profiles);
  const refreshList = useProfileStore((s) => s.refreshList);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    void refreshList();
  }, [refreshList]);

  return (
    <Modal title={creating ? 'New profile' : 'Switch profile'} onClose={onClose} size="medium">
      {creating ? (
        <ProfileForm submitLabel="Create profile" onCreated={onClose} onCancel={() => setCreating(false)} />
      ) : (
        <>
          <ProfileList profiles={profiles} onSwitched={onClose} />
          <div className="modal-actions">
            <button type="button" className="button" onClick={() => setCreating(true)}>
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
