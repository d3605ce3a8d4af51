import { useEffect, useRef, useState } from 'react';
import { useTagsStore } from '../stores/tags-store';
import { SearchIcon } from './icons';

const SEARCH_DEBOUNCE_MS = 250;

/** A search field that reports its text once typing pauses (Enter at once). `/` focuses it. */
export function SearchField({ label, value, onSearch }: { label: string; value: string; onSearch(text: string): void }) {
  const [text, setText] = useState(value);
  const [seenValue, setSeenValue] = useState(value);
  const timer = useRef<number | undefined>(undefined);

  // The query changed from outside (a "Clear search" button): show it.
  if (value !== seenValue) {
    setSeenValue(value);
    if (value !== text) setText(value);
  }

  useEffect(() => () => window.clearTimeout(timer.current), []);

  function change(next: string) {
    setText(next);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => onSearch(next), SEARCH_DEBOUNCE_MS);
  }

  return (
    <div className="search-field">
      <SearchIcon className="search-field-icon" />
      <input
        type="search"
        className="input search-input"
        aria-label={label}
        placeholder={`${label}…`}
        value={text}
        onChange={(e) => change(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          window.clearTimeout(timer.current);
          onSearch(text);
        }}
        aria-keyshortcuts="/"
      />
    </div>
  );
}

/** A tag's name for a sentence ("No video is tagged “serve”"), from tags.list. */
export function useTagName(id: string | null): string {
  return useTagsStore((s) => (id === null ? '' : (s.tags.find((t) => t.id === id)?.name ?? 'the selected tag')));
}

/** Filter by one tag, from tags.list. */
export function TagFilter({ value, onChange }: { value: string | null; onChange(tag: string | null): void }) {
  const tags = useTagsStore((s) => s.tags);
  const status = useTagsStore((s) => s.status);
  const load = useTagsStore((s) => s.load);

  useEffect(() => {
    if (status === 'idle') void load();
  }, [status, load]);

  return (
    <select className="input select" aria-label="Filter by tag" value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
      <option value="">All tags</option>
      {tags.map((t) => (
        <option key={t.id} value={t.id}>
          {t.name}
        </option>
      ))}
      {value && !tags.some((t) => t.id === value) && <option value={value}>Selected tag</option>}
    </select>
  );
}
