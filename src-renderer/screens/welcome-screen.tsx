import { useState } from 'react';
import { useProfileStore } from '../stores/profile-store';
import { ProfileForm } from './profile-form';
import { ProfileList } from './profile-list';

/** No profile open: a calm welcome, the profiles already here, and "Create your profile". */
export function WelcomeScreen() {
  const profiles = useProfileStore((s) => s.profiles);
  const [creating, setCreating] = useState(profiles.length === 0);

  return (
    <main className="welcome">
      <div className="welcome-card">
        <div className="brand" aria-hidden="true">
          <span className="brand-mark" />
          Coachframe
        </div>
        <h1 className="welcome-title">{profiles.length === 0 ? 'Welcome to Coachframe' : 'Who’s working?'}</h1>
        <p className="welcome-text">
          {profiles.length === 0
            ? 'Video feedback between coaches and students. Everything stays on this computer; start with your profile.'
            : 'Open your profile, or make a new one.'}
        </p>
        {profiles.length > 0 && <ProfileList profiles={profiles} />}
        {creating ? (
          <section className="welcome-create" aria-labelledby="welcome-create-title">
            {profiles.length > 0 && (
              <h2 id="welcome-create-title" className="section-title">
                New profile
              </h2>
            )}
            {profiles.length === 0 && (
              <h2 id="welcome-create-title" className="visually-hidden">
                Create your profile
              </h2>
            )}
            <ProfileForm submitLabel="Create your profile" {...(profiles.length > 0 ? { onCancel: () => setCreating(false) } : {})} />
          </section>
        ) : (
          <button type="button" className="button button-quiet welcome-new" onClick={() => setCreating(true)}>
            Create a new profile
          </button>
        )}
      </div>
    </main>
  );
}
