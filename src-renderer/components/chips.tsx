import type { Tag } from '../../src-shared/domain';
import type { Role, SubmissionStatus } from '../../src-shared/primitives';
import { initials, plural, ROLE_LABEL, SUBMISSION_STATUS_LABEL } from '../lib/format';
import { CloseIcon } from './icons';

export function TagChip({ tag, onRemove }: { tag: Pick<Tag, 'id' | 'name'>; onRemove?: () => void }) {
  return (
    <span className="tag-chip" data-testid="tag-chip">
      <span className="tag-chip-name">{tag.name}</span>
      {onRemove && (
        <button type="button" className="tag-chip-remove" aria-label={`Remove tag ${tag.name}`} title={`Remove ${tag.name}`} onClick={onRemove}>
          <CloseIcon width={14} height={14} />
        </button>
      )}
    </span>
  );
}

export function TagList({ tags, limit = 4 }: { tags: readonly Pick<Tag, 'id' | 'name'>[]; limit?: number }) {
  if (tags.length === 0) return null;
  const shown = tags.slice(0, limit);
  const hidden = tags.slice(limit);
  return (
    <ul className="tag-list" aria-label="Tags">
      {shown.map((t) => (
        <li key={t.id}>
          <TagChip tag={t} />
        </li>
      ))}
      {hidden.length > 0 && (
        <li className="tag-more" title={hidden.map((t) => t.name).join(', ')}>
          <span aria-hidden="true">+{hidden.length}</span>
          <span className="visually-hidden">and {hidden.map((t) => t.name).join(', ')}</span>
        </li>
      )}
    </ul>
  );
}

export function StatusChip({ status }: { status: SubmissionStatus }) {
  return (
    <span className={`status-chip status-${status}`} data-testid="submission-status">
      {SUBMISSION_STATUS_LABEL[status]}
    </span>
  );
}

export function RoleBadge({ role }: { role: Role }) {
  return <span className={`role-badge role-${role}`}>{ROLE_LABEL[role]}</span>;
}

export function UnreadBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  const label = `${plural(count, 'unread comment')}`;
  return (
    <span className="unread-badge" data-testid="unread-badge" title={label}>
      <span aria-hidden="true">{count > 99 ? '99+' : count}</span>
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

export function Avatar({ name, size = 'medium' }: { name: string; size?: 'small' | 'medium' | 'large' }) {
  return (
    <span className={`avatar avatar-${size}`} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
