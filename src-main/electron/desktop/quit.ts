/** The buttons of the quit question, in order: the response index is the position here. */
export const QUIT_BUTTONS = ['Quit', 'Keep working'] as const;
export const QUIT_RESPONSE = 0;
export const KEEP_WORKING_RESPONSE = 1;

export type QuitDecision = 'quit' | 'ask' | 'keep-working';

/**
 * Whether quitting may go ahead. With no job running, quit. With jobs running and no answer yet, ask;
 * then quit only on an explicit "Quit" — closing the question (Esc, the close box) keeps working.
 */
export function quitDecision(runningJobs: number, answer?: number | null): QuitDecision {
  if (runningJobs <= 0) return 'quit';
  if (answer === undefined || answer === null) return 'ask';
  return answer === QUIT_RESPONSE ? 'quit' : 'keep-working';
}

/** The question, for dialog.showMessageBox. */
export function quitQuestion(runningJobs: number) {
  const jobs = runningJobs === 1 ? '1 running job' : `${runningJobs} running jobs`;
  return {
    type: 'question' as const,
    message: `Quit and cancel ${jobs}?`,
    detail: 'Imports and video processing that are cut short start again the next time you open Coachframe.',
    buttons: [...QUIT_BUTTONS],
    defaultId: KEEP_WORKING_RESPONSE,
    cancelId: KEEP_WORKING_RESPONSE,
    noLink: true,
  };
}
