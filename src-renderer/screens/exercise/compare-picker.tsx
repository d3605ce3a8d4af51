import { useId, useMemo, useState } from 'react';
import type { ExerciseSummary } from '../../../src-shared/domain';
import { Modal } from '../../components/dialog';
import { compareCandidates, defaultPair } from '../../lib/compare-pairs';
import { useExerciseStore } from '../../stores/exercise-store';
import { useUiStore } from '../../stores/ui-store';

/** "Compare" on the exercise page: pick the two videos (the exercise video and the newest attempt by default). */
export function CompareButton({ exercise, me }: { exercise: ExerciseSummary; me: string }) {
  const submissions = useExerciseStore((s) => s.submissions.data);
  const comments = useExerciseStore((s) => s.comments.data);
  const [picking, setPicking] = useState(false);
  const candidates = useMemo(() => compareCandidates(exercise, submissions, comments, me), [exercise, submissions, comments, me]);
  const pair = defaultPair(candidates);
  return (
    <>
      <button
        type="button"
        className="button button-small"
        disabled={!pair}
        title={pair ? 'Compare two videos of this exercise side by side' : 'Comparing needs two videos: an exercise video and an attempt or a video reply'}
        onClick={() => setPicking(true)}
        data-testid="compare-button"
      >
        Compare
      </button>
      {picking && pair && <ComparePicker exercise={exercise.id} candidates={candidates} initial={pair} onClose={() => setPicking(false)} />}
    </>
  );
}

function ComparePicker({
  exercise,
  candidates,
  initial,
  onClose,
}: {
  exercise: string;
  candidates: ReturnType<typeof compareCandidates>;
  initial: [string, string];
  onClose(): void;
}) {
  const navigate = useUiStore((s) => s.navigate);
  const [a, setA] = useState(initial[0]);
  const [b, setB] = useState(initial[1]);
  const idA = useId();
  const idB = useId();
  return (
    <Modal title="Compare two videos" onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (a === b) return;
          onClose();
          navigate({ name: 'compare', exercise, a, b });
        }}
      >
        <label className="field" htmlFor={idA}>
          <span className="field-label">First video</span>
          <select id={idA} className="input select" value={a} onChange={(e) => setA(e.target.value)} data-autofocus>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field" htmlFor={idB}>
          <span className="field-label">Second video</span>
          <select id={idB} className="input select" value={b} onChange={(e) => setB(e.target.value)}>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        {a === b && <p className="field-error">Choose two different videos.</p>}
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={a === b}>
            Open comparison
          </button>
        </div>
      </form>
    </Modal>
  );
}
