import type { CSSProperties, ReactNode } from 'react';
import type { ExerciseSummary } from '../../src-shared/domain';
import { plural } from '../lib/format';
import { routeHash, useUiStore, type Route } from '../stores/ui-store';
import { StatusChip, TagList, UnreadBadge } from './chips';
import { CommentIcon } from './icons';
import { VideoPoster } from './media';
import { Skeleton } from './states';
import { RelativeTime } from './time';

interface ExerciseRowProps {
  exercise: ExerciseSummary;
  /** The line under the name: by default the owner. */
  byline?: ReactNode;
  /** The status shown at the right: by default the caller's own submission status, or the count. */
  status?: ReactNode;
  testId?: string;
  /** Where the row leads: by default the exercise page (a stack item opens its comparison). */
  route?: Route;
  /** A virtualized list's placement and position (the row's place among all, most of them not rendered). */
  placement?: { style: CSSProperties; index: number; posInSet: number; setSize: number };
}

/**
 * One exercise in a list. The name is the link (its accessible name is just the name); the whole
 * row is clickable through it.
 */
export function ExerciseRow({ exercise, byline, status, testId = 'exercise-row', route: target, placement }: ExerciseRowProps) {
  const navigate = useUiStore((s) => s.navigate);
  const route: Route = target ?? { name: 'exercise', id: exercise.id };
  return (
    <li
      className="row"
      data-testid={testId}
      data-exercise-id={exercise.id}
      style={placement?.style}
      data-index={placement?.index}
      aria-posinset={placement?.posInSet}
      aria-setsize={placement?.setSize}
    >
      <VideoPoster assetId={exercise.videoAsset} hasPoster={exercise.videoHasPoster} durationMs={exercise.videoDurationMs} className="row-poster" />
      <div className="row-main">
        <a
          className="row-link"
          href={routeHash(route)}
          onClick={(event) => {
            if (event.metaKey || event.ctrlKey || event.shiftKey) return;
            event.preventDefault();
            navigate(route);
          }}
        >
          {exercise.name}
        </a>
        <div className="row-byline">{byline ?? <span>{exercise.ownerName}</span>}</div>
        <TagList tags={exercise.tags} />
      </div>
      <div className="row-meta">
        <div className="row-status">{status ?? <DefaultStatus exercise={exercise} />}</div>
        <div className="row-counts">
          <span className="row-comments" title={plural(exercise.commentCount, 'comment')}>
            <CommentIcon width={16} height={16} />
            <span aria-hidden="true">{exercise.commentCount}</span>
            <span className="visually-hidden">{plural(exercise.commentCount, 'comment')}</span>
          </span>
          <UnreadBadge count={exercise.unreadCount} />
        </div>
        <span className="row-activity">
          <RelativeTime iso={exercise.lastActivity} />
        </span>
      </div>
    </li>
  );
}

function DefaultStatus({ exercise }: { exercise: ExerciseSummary }) {
  if (exercise.mySubmissionStatus) return <StatusChip status={exercise.mySubmissionStatus} />;
  if (exercise.submissionCount > 0) return <span className="row-submissions">{plural(exercise.submissionCount, 'submission')}</span>;
  return null;
}

/** A row's final size, while the list loads: nothing jumps when it arrives. */
export function ExerciseRowSkeleton() {
  return (
    <li className="row is-skeleton" aria-hidden="true">
      <Skeleton className="row-poster poster" />
      <div className="row-main">
        <Skeleton className="skeleton-line w-40" />
        <Skeleton className="skeleton-line w-25" />
        <Skeleton className="skeleton-line w-30" />
      </div>
      <div className="row-meta">
        <Skeleton className="skeleton-line w-60" />
      </div>
    </li>
  );
}
