/**
 * The channels' input schemas the forms check before sending (the channel checks again). Loaded the
 * first time a form is submitted, through `loadInputSchemas()`: zod and the schemas it builds are a
 * quarter of the work of starting the app, and no screen needs them to show.
 */
export { ProfilesCreateInput } from '../../src-shared/contract/profiles';
export { ExercisesCreateInput } from '../../src-shared/contract/exercises';
