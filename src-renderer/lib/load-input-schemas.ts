import { useEffect, useState } from 'react';
import type * as InputSchemasModule from './input-schemas';

type InputSchemas = typeof InputSchemasModule;

let loaded: InputSchemas | null = null;
let loading: Promise<InputSchemas> | null = null;

/** The forms' input schemas (see input-schemas.ts), loaded once, on first use. */
export function loadInputSchemas(): Promise<InputSchemas> {
  loading ??= import('./input-schemas').then(
    (schemas) => (loaded = schemas),
    (error: unknown) => {
      // Asked again next time (the host may be back).
      loading = null;
      throw error;
    },
  );
  return loading;
}

/**
 * The schemas for a form, loading from the moment it shows: null for the few milliseconds before
 * they are there (the form's submit waits for nothing, so a second press cannot slip in).
 */
export function useInputSchemas(): InputSchemas | null {
  const [schemas, setSchemas] = useState(loaded);
  useEffect(() => {
    if (schemas) return undefined;
    let live = true;
    loadInputSchemas().then(
      (s) => live && setSchemas(s),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [schemas]);
  return schemas;
}

/** What a form says when submitted before its checks have loaded (or could not be). */
export const SCHEMAS_NOT_READY = 'Coachframe is still getting this form ready. Try again in a moment.';
