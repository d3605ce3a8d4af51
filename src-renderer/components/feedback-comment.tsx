import { useState, type FormEvent, type MouseEvent } from 'react';
import type { CommentView } from '../../src-shared/domain';
import { errorMessage } from '../api/client';
import { describeDrawing } from '../lib/drawing-geometry';
import { formatTimecode, plural } from '../lib/format';
import { useUiStore } from '../stores/ui-store';
import { Avatar, RoleBadge } from './chips';
import { CommentVideo } from './comment-video';
import { ConfirmDialog } from './dialog';
import { ClockIcon, ThumbIcon } from './icons';
import { RelativeTime } from './time';

/** A comment as a thread shows it: where its moment is here, if it has one here. */
export interface FeedbackEntry {
  comment: CommentView;
  /** Its moment in the time the thread's `onSeek` takes (the video's own, or a comparison's shared timeline). */
  at: number | null;
  /** The video the moment is on, named, when the thread is about more than one. */
  where: string | null;
  /** The moment is in a video not shown here: its chip says so and does not seek. */
  elsewhere?: boolean;
  /** That video's frame aspect ratio (width / height), for the drawing's angles. */
  aspect: number;
}

/** What a person may do to the comments of a thread, through the comments.* and votes.* channels. */
export interface CommentActions {
  edit(id: string, text: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** Helpful on, or off again. */
  toggleHelpful(comment: CommentView): Promise<void>;
}

/** What a comment shows: itself, its edit form, or the question before deleting it (one's own only). */
export type CommentMode = 'view' | 'edit' | 'delete';

interface Props {
  entry: FeedbackEntry;
  me: string;
  /** Marked "New" (unread when the screen showed it). */
  isNew: boolean;
  /** Its moment and drawing are what the player shows. */
  shown: boolean;
  onSeek: ((comment: CommentView, at: number) => void) | null;
  actions: CommentActions;
  /** The thread keeps which one comment is being edited or deleted. */
  mode: CommentMode;
  onMode(mode: CommentMode): void;
  /** Video replies as a small player (true), or named only (where the players are busy with two videos). */
  playVideos: boolean;
  testId: string;
}

/**
 * One comment: author, role, time, its moment (which seeks, as does a click anywhere on it), text, video
 * and drawing; Helpful for others' comments with the count; Edit and Delete (after asking) for one's own.
 */
export function FeedbackComment({ entry, me, isNew, shown, onSeek, actions, mode, onMode, playVideos, testId }: Props) {
  const { comment, at, where, elsewhere, aspect } = entry;
  const toast = useUiStore((s) => s.toast);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const mine = comment.author === me;
  // Others' comments are never edited or deleted here, whatever is asked.
  const editing = mine && mode === 'edit';
  const confirmDelete = mine && mode === 'delete';
  const unread = !comment.read && !mine;
  const edited = comment.updatedAt !== comment.createdAt;
  const helpful = comment.myVote === true;
  const seek = at !== null && !elsewhere && onSeek ? () => onSeek(comment, at) : null;
  const author = mine ? 'You' : comment.authorName;

  async function vote() {
    try {
      await actions.toggleHelpful(comment);
    } catch (e) {
      toast(errorMessage(e), 'error');
    }
  }

  async function remove() {
    setDeleting(true);
    setDeleteError(null);
    try {
      await actions.remove(comment.id);
      onMode('view');
    } catch (e) {
      setDeleteError(errorMessage(e));
    } finally {
      setDeleting(false);
    }
  }

  // The whole comment is a target for the pointer (not while selecting its text or using its controls);
  // the moment's chip is the one for the keyboard.
  function onClick(event: MouseEvent<HTMLLIElement>) {
    if (!seek || editing) return;
    if (event.target instanceof Element && event.target.closest('button, a, input, textarea, select, video, dialog')) return;
    if (window.getSelection()?.toString()) return;
    seek();
  }

  const classes = ['comment', isNew ? 'is-new' : '', shown ? 'is-shown' : '', seek ? 'is-seekable' : ''].filter(Boolean).join(' ');
  return (
    <li
      className={classes}
      data-testid={testId}
      data-comment-id={comment.id}
      data-unread={unread ? 'true' : undefined}
      aria-current={shown ? 'true' : undefined}
      aria-label={`Comment by ${mine ? 'you' : comment.authorName}`}
      onClick={onClick}
    >
      <div className="comment-header">
        <Avatar name={comment.authorName} size="small" />
        <span className="comment-author">{author}</span>
        <RoleBadge role={comment.authorRole} />
        {isNew && (
          <span className="new-mark" data-testid="unread-mark">
            New<span className="visually-hidden">, unread</span>
          </span>
        )}
        <span className="comment-time">
          <RelativeTime iso={comment.createdAt} />
          {edited && <span className="comment-edited"> · edited</span>}
        </span>
      </div>

      {at !== null && (
        <button
          type="button"
          className="timestamp-chip"
          onClick={seek ?? undefined}
          disabled={!seek}
          aria-label={`Show this moment: ${formatTimecode(at)}${where ? ` on ${where}` : ''}${comment.drawing ? ', with its drawing' : ''}`}
          title={elsewhere ? 'This moment is in another video' : undefined}
          data-testid="thread-moment"
        >
          <ClockIcon width={14} height={14} />
          {formatTimecode(at)}
          {where && <span className="comment-moment-where">· {where}</span>}
        </button>
      )}

      {editing ? (
        <EditForm comment={comment} edit={actions.edit} onDone={() => onMode('view')} />
      ) : (
        <>
          {comment.text && <p className="comment-text">{comment.text}</p>}
          {comment.videoAsset && (playVideos ? <CommentVideo assetId={comment.videoAsset} author={mine ? 'you' : comment.authorName} /> : <p className="comment-note">Video reply</p>)}
          {comment.drawing && comment.drawing.shapes.length > 0 && <p className="comment-note">Drawing: {describeDrawing(comment.drawing.shapes, aspect)}</p>}
        </>
      )}

      {!editing && (
        <div className="comment-footer">
          {!mine && (
            <button type="button" className={helpful ? 'helpful-button is-on' : 'helpful-button'} aria-pressed={helpful} onClick={() => void vote()}>
              <ThumbIcon width={16} height={16} />
              Helpful
            </button>
          )}
          {comment.helpfulCount > 0 && (
            <span className="helpful-count" data-testid="helpful-count">
              {mine ? `${plural(comment.helpfulCount, 'person', 'people')} found this helpful` : comment.helpfulCount}
              {!mine && <span className="visually-hidden"> found this helpful</span>}
            </span>
          )}
          {mine && (
            <span className="comment-own-actions">
              <button type="button" className="link-button" onClick={() => onMode('edit')}>
                Edit
              </button>
              <button type="button" className="link-button is-danger" onClick={() => onMode('delete')}>
                Delete
              </button>
            </span>
          )}
        </div>
      )}

      {confirmDelete && (
        <ConfirmDialog
          title="Delete this comment?"
          description="It disappears for everyone who can see it. This can’t be undone."
          confirmLabel="Delete comment"
          busy={deleting}
          error={deleteError}
          onConfirm={() => void remove()}
          onClose={() => onMode('view')}
        />
      )}
    </li>
  );
}

function EditForm({ comment, edit, onDone }: { comment: CommentView; edit: CommentActions['edit']; onDone(): void }) {
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
      await edit(comment.id, text.trim());
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
        maxLength={10_000}
        autoFocus
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
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
