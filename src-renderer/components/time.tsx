import { exactTime, relativeTime } from '../lib/format';
import { useUiStore } from '../stores/ui-store';

/** "2 min ago", with the exact time on hover and in the markup. */
export function RelativeTime({ iso, prefix = '' }: { iso: string; prefix?: string }) {
  const now = useUiStore((s) => s.now);
  const exact = exactTime(iso);
  return (
    <time dateTime={iso} title={exact}>
      {prefix}
      {relativeTime(iso, now)}
    </time>
  );
}
