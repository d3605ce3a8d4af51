import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { Tag } from '../../../src-shared/domain';
import { errorMessage } from '../../api/client';
import { TagChip } from '../../components/chips';
import { PlusIcon } from '../../components/icons';
import { useExerciseStore } from '../../stores/exercise-store';
import { useTagsStore } from '../../stores/tags-store';
import { useUiStore } from '../../stores/ui-store';

type Option = { kind: 'tag'; tag: Tag } | { kind: 'create'; name: string };

const MAX_SUGGESTIONS = 8;
const sameName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base' }) === 0;

/**
 * An exercise's tags. Its owner adds tags through a combobox that suggests existing tags and offers
 * to create a new one, and removes them with each chip's ×; anyone else sees the chips.
 */
export function TagsEditor({ tags, editable }: { tags: readonly Tag[]; editable: boolean }) {
  if (!editable) {
    return tags.length ? (
      <ul className="tag-list" aria-label="Tags">
        {tags.map((t) => (
          <li key={t.id}>
            <TagChip tag={t} />
          </li>
        ))}
      </ul>
    ) : null;
  }
  return <EditableTags tags={tags} />;
}

function EditableTags({ tags }: { tags: readonly Tag[] }) {
  const allTags = useTagsStore((s) => s.tags);
  const tagsStatus = useTagsStore((s) => s.status);
  const loadTags = useTagsStore((s) => s.load);
  const ensureTag = useTagsStore((s) => s.ensure);
  const attach = useExerciseStore((s) => s.attachTag);
  const detach = useExerciseStore((s) => s.detachTag);
  const toast = useUiStore((s) => s.toast);

  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const listId = `${id}-options`;

  useEffect(() => {
    if (tagsStatus === 'idle') void loadTags();
  }, [tagsStatus, loadTags]);

  const query = text.trim();
  const attached = new Set(tags.map((t) => t.id));
  const lower = query.toLowerCase();
  const candidates = allTags.filter((t) => !attached.has(t.id) && (lower === '' || t.name.toLowerCase().includes(lower)));
  // Names that start with what was typed come first.
  candidates.sort((a, b) => Number(!a.name.toLowerCase().startsWith(lower)) - Number(!b.name.toLowerCase().startsWith(lower)));
  const options: Option[] = candidates.slice(0, MAX_SUGGESTIONS).map((tag) => ({ kind: 'tag', tag }));
  const exists = allTags.some((t) => sameName(t.name, query)) || tags.some((t) => sameName(t.name, query));
  if (query && !exists) options.push({ kind: 'create', name: query });
  const alreadyHas = query !== '' && tags.some((t) => sameName(t.name, query));
  const expanded = open && options.length > 0;
  const activeIndex = Math.min(active, Math.max(0, options.length - 1));

  async function choose(option: Option) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const tag = option.kind === 'tag' ? option.tag : await ensureTag(option.name);
      await attach(tag.id);
      setText('');
      setActive(0);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function remove(tag: Tag) {
    try {
      await detach(tag.id);
    } catch (e) {
      toast(errorMessage(e), 'error');
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) return setOpen(true);
      if (options.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + options.length) % options.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const option = expanded ? options[activeIndex] : undefined;
      if (option && !busy) void choose(option);
    } else if (event.key === 'Escape' && expanded) {
      // Esc closes the suggestions first; the next Esc leaves the field.
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    } else if (event.key === 'Backspace' && text === '' && tags.length > 0) {
      const last = tags[tags.length - 1];
      if (last) void remove(last);
    }
  }

  return (
    <div className="tags-editor">
      <ul className="tag-list" aria-label="Tags">
        {tags.map((t) => (
          <li key={t.id}>
            <TagChip tag={t} onRemove={() => void remove(t)} />
          </li>
        ))}
      </ul>
      <div className="combobox">
        <PlusIcon className="combobox-icon" width={16} height={16} />
        <input
          className="combobox-input"
          role="combobox"
          aria-label="Add tag"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded ? `${listId}-${activeIndex}` : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          placeholder="Add tag"
          value={text}
          maxLength={100}
          aria-busy={busy || undefined}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            setActive(0);
            setError(null);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
        {/* The listbox stays in the page (empty when closed) so aria-controls always points at it. */}
        <ul id={listId} role="listbox" aria-label="Tag suggestions" className={expanded ? 'combobox-list is-open' : 'combobox-list'}>
          {expanded &&
            options.map((option, i) => (
              <li
                key={option.kind === 'tag' ? option.tag.id : `create:${option.name}`}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === activeIndex}
                className={i === activeIndex ? 'combobox-option is-active' : 'combobox-option'}
                // mousedown, not click: the input keeps focus, so blur doesn't close the list first.
                onMouseDown={(e) => {
                  e.preventDefault();
                  void choose(option);
                }}
                onMouseMove={() => setActive(i)}
              >
                {option.kind === 'tag' ? option.tag.name : `Create tag “${option.name}”`}
              </li>
            ))}
        </ul>
        {alreadyHas && !error && <p className="combobox-note">Already added.</p>}
        {error && (
          <p id={`${id}-error`} className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
