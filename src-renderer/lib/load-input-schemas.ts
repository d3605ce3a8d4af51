/** The forms' input schemas (see input-schemas.ts), loaded once, on first use. */
export const loadInputSchemas = () => import('./input-schemas');
