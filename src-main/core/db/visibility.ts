/**
 * Who may see what, as SQL fragments over the named parameter `@actor`. Every list and every check
 * goes through these, so the rule is written once (docs/DATA-MODEL.md, "Profiles and permissions"):
 *  - your own records;
 *  - a coach: the exercises of students on their roster and everything on them, and the submissions
 *    (with their attempts and feedback) to the coach's own exercises;
 *  - a student: their coaches' exercises and the owner's notes on them, and all feedback on their own
 *    exercises and submissions, never another student's;
 *  - a record referenced by a visible record (a comment's video, a clip's source, an earlier attempt).
 */

/** Exercise `e` is visible to @actor. */
export const exerciseVisible = (e: string) => `(
  ${e}.created_by = @actor
  OR EXISTS (SELECT 1 FROM coaching_roster r
              WHERE (r.coach = @actor AND r.student = ${e}.created_by) OR (r.student = @actor AND r.coach = ${e}.created_by))
  OR EXISTS (SELECT 1 FROM submissions_submission s WHERE s.exercise = ${e}.id AND s.student = @actor))`;

/** Submission `s` (of exercise `e`) is visible to @actor: its student and the exercise's owner. */
export const submissionVisible = (s: string, e: string) => `(${s}.student = @actor OR ${e}.created_by = @actor)`;

/** Comment `c` on exercise `e` is visible to @actor. */
export const commentVisible = (c: string, e: string) => `(
  ${c}.author = @actor
  OR (${exerciseVisible(e)}
      AND (${c}.submission IS NULL OR ${e}.created_by = @actor
           OR EXISTS (SELECT 1 FROM submissions_submission cs WHERE cs.id = ${c}.submission AND cs.student = @actor))))`;

/** Asset `a` is owned by @actor or used by a record @actor can see. */
const assetReferenced = (a: string) => `(
  ${a}.owner = @actor
  OR EXISTS (SELECT 1 FROM exercises_exercise ae WHERE ae.video_asset = ${a}.id AND ${exerciseVisible('ae')})
  OR EXISTS (SELECT 1 FROM submissions_submission asb JOIN exercises_exercise ase ON ase.id = asb.exercise
              WHERE asb.video_asset = ${a}.id AND ${submissionVisible('asb', 'ase')})
  OR EXISTS (SELECT 1 FROM submission_attempts att JOIN submissions_submission ats ON ats.id = att.submission
               JOIN exercises_exercise ate ON ate.id = ats.exercise
              WHERE att.video_asset = ${a}.id AND ${submissionVisible('ats', 'ate')})
  OR EXISTS (SELECT 1 FROM comments_videocomment ac JOIN exercises_exercise ace ON ace.id = ac.exercise
              WHERE (ac.video_asset = ${a}.id OR ac.at_video_asset = ${a}.id) AND ${commentVisible('ac', 'ace')}))`;

/** Clip `k` is visible: its owner's, or its own bytes are used by a visible record. */
export const clipVisible = (k: string) => `(
  ${k}.owner = @actor
  OR EXISTS (SELECT 1 FROM core_videoasset ka WHERE ka.id = ${k}.clip_asset AND ${assetReferenced('ka')}))`;

/** Asset `a` is visible to @actor, including as the source of a visible clip. */
export const assetVisible = (a: string) => `(
  ${assetReferenced(a)}
  OR EXISTS (SELECT 1 FROM core_videoclip vk WHERE (vk.original_video = ${a}.id OR vk.clip_asset = ${a}.id) AND ${clipVisible('vk')}))`;
