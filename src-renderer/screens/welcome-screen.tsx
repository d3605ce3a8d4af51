import { useState } from 'react';
import { useProfileStore } from '../stores/profile-store';
import { AccountSignInForm } from './account-sign-in-form';
import { ProfileForm } from './profile-form';
import { ProfileList } from './profile-list';

/**
 * No profile open: a calm welcome, the profiles already here, and "Create your profile"; or, on a
 * new computer, "Sign in to an existing account".
 */
export function WelcomeScreen() {
  const profiles = useProfileStore((s) => s.profiles);
  const [mode, setMode] = useState<'choose' | 'create' | 'signIn'>(profiles.length === 0 ? 'create' : 'choose');
  const back = () => setMode(profiles.length === 0 ? 'create' : 'choose');

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
        {profiles.length > 0 && mode !== 'signIn' && <ProfileList profiles={profiles} />}
        {mode === 'create' && (
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
            <ProfileForm submitLabel="Create your profile" {...(profiles.length > 0 ? { onCancel: () => setMode('choose') } : {})} />
          </section>
        )}
        {mode === 'signIn' && (
          <section className="welcome-create" aria-labelledby="welcome-sign-in-title">
            <h2 id="welcome-sign-in-title" className="section-title">
              Sign in to an existing account
            </h2>
            <p className="settings-quiet">Your profile, its exercises and feedback come down from the cloud to this computer.</p>
            <AccountSignInForm onCancel={back} />
          </section>
        )}
        <div className="welcome-actions">
          {mode === 'choose' && (
            <button type="button" className="button button-quiet" onClick={() => setMode('create')}>
              Create a new profile
            </button>
          )}
          {mode !== 'signIn' && (
            <button type="button" className="button button-quiet" onClick={() => setMode('signIn')}>
              Sign in to an existing account
            </button>
          )}
        </div>
      </div>
    </main>
  );
}
