import { useState, type FormEvent } from 'react';
import type { CommentView } from '../../../src-shared/domain';
import { errorMessage } from '../../api/client';
import { Avatar, RoleBadge } from '../../components/chips';
import { ConfirmDialog } from '../../components/dialog';
import { ClockIcon, ThumbIcon } from '../../components/icons';
import { RelativeTime } from '../../components/time';
import { formatDuration, plural, spokenDuration } from '../../lib/format';
import { useExerciseStore } from '../../stores/exercise-store';
import { CommentVideo } from './comment-video';
import { useUiStore } from '../../stores/ui-store';

interface Props {
  comment: CommentView;
  isMine: boolean;
  isNew: boolean;
  /** Seeks the shown video to a moment; absent when the moment is in a video not shown here. */
  onSeek: ((seconds: number) => void) | null;
}

export function CommentItem({ comment, isMine, isNew, onSeek }: Props) {
  const toggleHelpful = useExerciseStore((s) => s.toggleHelpful);
  const deleteComment = useExerciseStore((s) => s.deleteComment);
  const toast = useUiStore((s) => s.toast);
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const edited = comment.updatedAt !== comment.createdAt;
  const helpful = comment.myVote === true;

  async function vote() {
    try {
      await toggleHelpful(comment);
    } catch (e) {
      toast(errorMessage(e), 'error');
    }
  }

  async function remove() {
    setDeleting(true);
    setDeleteError(null);
    try {
      await deleteComment(comment.id);
      setConfirmDelete(false);
    } catch (e) {
      setDeleteError(errorMessage(e));
    } finally {
      setDeleting(false);
    }
  }

  return (
    <article
      className={isNew ? 'comment is-new' : 'comment'}
      data-testid="comment"
      data-comment-id={comment.id}
      data-unread={!comment.read && !isMine ? 'true' : undefined}
      aria-label={`Comment by ${isMine ? 'you' : comment.authorName}`}
    >
      <header className="comment-header">
        <Avatar name={comment.authorName} size="small" />
        <span className="comment-author">{isMine ? 'You' : comment.authorName}</span>
        <RoleBadge role={comment.authorRole} />
        <span className="comment-time">
          <RelativeTime iso={comment.createdAt} />
          {edited && <span className="comment-edited"> · edited</span>}
        </span>
        {isNew && <span className="new-mark">New</span>}
      </header>

      {comment.atSeconds !== null && (
        <button
          type="button"
          className="timestamp-chip"
          onClick={() => onSeek?.(comment.atSeconds ?? 0)}
          disabled={!onSeek}
          aria-label={`Go to ${spokenDuration(comment.atSeconds)} in the video`}
          title={onSeek ? `Go to ${formatDuration(comment.atSeconds)}` : 'This moment is in another video'}
        >
          <ClockIcon width={14} height={14} />
          {formatDuration(comment.atSeconds)}
        </button>
      )}

      {editing ? (
        <EditForm comment={comment} onDone={() => setEditing(false)} />
      ) : (
        <>
          {comment.text && <p className="comment-text">{comment.text}</p>}
          {comment.videoAsset && <CommentVideo assetId={comment.videoAsset} author={isMine ? 'you' : comment.authorName} />}
          {comment.drawing && <p className="comment-note">Has a drawing on the video.</p>}
        </>
      )}

      {!editing && (
        <footer className="comment-footer">
          {!isMine && (
            <button type="button" className={helpful ? 'helpful-button is-on' : 'helpful-button'} aria-pressed={helpful} onClick={() => void vote()}>
              <ThumbIcon width={16} height={16} />
              Helpful
            </button>
          )}
          {comment.helpfulCount > 0 && (
            <span className="helpful-count" data-testid="helpful-count">
              {isMine ? `${plural(comment.helpfulCount, 'person', 'people')} found this helpful` : comment.helpfulCount}
              {!isMine && <span className="visually-hidden"> found this helpful</span>}
            </span>
          )}
          {isMine && (
            <span className="comment-own-actions">
              <button type="button" className="link-button" onClick={() => setEditing(true)}>
                Edit
              </button>
              <button type="button" className="link-button is-danger" onClick={() => setConfirmDelete(true)}>
                Delete
              </button>
            </span>
          )}
        </footer>
      )}

      {confirmDelete && (
        <ConfirmDialog
          title="Delete this comment?"
          description="It disappears for everyone who can see it. This can’t be undone."
          confirmLabel="Delete comment"
          busy={deleting}
          error={deleteError}
          onConfirm={() => void remove()}
          onClose={() => setConfirmDelete(false)}
        />
      )}
    </article>
  );
}

function EditForm({ comment, onDone }: { comment: CommentView; onDone(): void }) {
  const editComment = useExerciseStore((s) => s.editComment);
  const [text, setText] = useState(comment.text ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    if (!text.trim()) {
      setError('A comment needs some text.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await editComment(comment.id, text.trim());
      onDone();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <form className="comment-edit" onSubmit={save}>
      <textarea
        className="input textarea"
        aria-label="Edit your comment"
        value={text}
        rows={3}
        autoFocus
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save();
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onDone();
          }
        }}
      />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="comment-edit-actions">
        <button type="button" className="button button-small" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button-small button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
