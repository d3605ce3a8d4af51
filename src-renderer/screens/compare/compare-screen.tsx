import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type CSSProperties, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { CommentView, MediaAsset, SubmissionDetail } from '../../../src-shared/domain';
import { errorMessage, mediaUrl } from '../../api/client';
import { BackButton } from '../../components/back-button';
import { DownloadNow } from '../../components/download-now';
import { AlertIcon, CloudOffIcon, PlayIcon } from '../../components/icons';
import { ConfirmDialog } from '../../components/dialog';
import type { FeedbackEntry } from '../../components/feedback-comment';
import { ErrorState, Skeleton } from '../../components/states';
import { CompareEngine } from '../../lib/compare-engine';
import { ExportButton } from './export-dialog';
import { ComposeBar } from './compose-bar';
import { candidateLabel, compareCandidates } from '../../lib/compare-pairs';
import { commentsForPair, isUnread } from '../../lib/feedback-moments';
import { formatTimecode } from '../../lib/format';
import { isInteractiveTarget, isTypingTarget, modalOpen, usesArrowKeys } from '../../lib/keys';
import { RATES, ViewingTimer, alignFromMarks, formatOffset, stepRate, timelineTimeOf } from '../../lib/sync-clock';
import { pairKey, useCompareStore } from '../../stores/compare-store';
import { useDrawingStore } from '../../stores/drawing-store';
import { useProfileStore } from '../../stores/profile-store';
import { useSettingsStore, type SettingsView } from '../../stores/settings-store';
import { useUiStore } from '../../stores/ui-store';
import { CommentComposer } from './comment-composer';
import { DrawingLayer } from './drawing-layer';
import { DrawingToolbar } from './drawing-toolbar';
import { ThreadPanel } from './thread-panel';

export type CompareLayout = 'side' | 'stacked' | 'overlay' | 'wipe';
const NO_SHAPES: readonly never[] = [];
const NO_ASSETS: [MediaAsset | null, MediaAsset | null] = [null, null];
const NO_ASSET_ERRORS: [string | null, string | null] = [null, null];
const NO_COMMENTS: CommentView[] = [];
const NO_SUBMISSIONS: SubmissionDetail[] = [];
const NO_OFFSETS: [number, number] = [0, 0];
type Shape = NonNullable<CommentView['drawing']>['shapes'][number];

/** The layout a comparison opens in: the default from Settings, side by side until they have loaded. */
function defaultLayout(setting: SettingsView['app']['defaultComparisonLayout'] | undefined): CompareLayout {
  return setting === undefined || setting === 'side-by-side' ? 'side' : setting;
}
/** Below this window width, side by side becomes stacked (the players would be too small). */
export const NARROW_WIDTH = 1000;

export function CompareScreen({ exercise, a, b, probe = false }: { exercise: string; a: string; b: string; probe?: boolean }) {
  const open = useCompareStore((s) => s.open);
  const close = useCompareStore((s) => s.close);
  const pair = pairKey(exercise, a, b);
  // What the store holds is this pair's only once its key says so: right after another comparison,
  // it still holds that one until the effect below opens this one.
  const status = useCompareStore((s) => (s.key === pair ? s.status : 'loading'));
  const error = useCompareStore((s) => s.error);
  const back = useUiStore((s) => s.back);
  // The comment being written: held here, so that leaving can ask before it is lost.
  const [draft, setDraft] = useState('');
  const hasShapes = useDrawingStore((s) => s.shapes[0].length + s.shapes[1].length > 0);
  const leave = useLeaveGuard({ text: draft.trim() !== '', shapes: hasShapes }, () => setDraft(''));
  const [headerTools, setHeaderTools] = useState<HTMLDivElement | null>(null);

  useViewingSession(pair);

  // Usually opened already, as the route changed (ui-store); a layout effect, so that a pair opened
  // otherwise (a test, a remount) still asks before the page paints.
  useLayoutEffect(() => {
    void open(exercise, a, b);
    return () => close(pair);
  }, [exercise, a, b, pair, open, close]);

  const backButton = (
    <BackButton label="Exercise" ariaLabel="Back to the exercise" onClick={back} />
  );

  let body: ReactNode;
  if (status === 'error') {
    const retry = () => {
      close(pair);
      void open(exercise, a, b);
    };
    body = <ErrorState title="This comparison didn’t open" message={error ?? ''} onRetry={retry} />;
  } else {
    // While loading too: every part in its place from the first paint, so nothing moves when the
    // answers arrive.
    body = <ComparePage exerciseId={exercise} a={a} b={b} ready={status === 'ready'} probe={probe} draft={draft} onDraft={setDraft} header={headerTools} />;
  }

  return (
    <main className="screen compare-screen" tabIndex={-1} aria-labelledby="compare-title" aria-busy={status === 'loading' ? true : undefined} data-testid="compare-screen">
      <header className="compare-header">
        {backButton}
        <h1 id="compare-title" className="compare-title">
          <CompareTitle pair={pair} />
        </h1>
        {/* The layout and export controls, put here by the page: the header's row has room, the players need the height. */}
        <div className="compare-header-tools" ref={setHeaderTools} />
      </header>
      {body}
      {leave.asking && (
        <ConfirmDialog
          title="Discard your unsent comment and drawing?"
          description={leave.asking}
          confirmLabel="Discard"
          onConfirm={leave.confirm}
          onClose={leave.cancel}
        />
      )}
    </main>
  );
}

/**
 * Asks before leaving drops what is not saved (the comment being written, shapes not yet sent with
 * one): the screen's guard in the UI store, so every way out asks — Back and Esc, the sidebar, the
 * address bar, the desktop menu, Switch profile. Cancelling stays, with everything kept; Discard
 * drops the comment (`onDiscard`) and the drawing, then goes (Switch profile opens its dialog over
 * the comparison, which is then left only if a profile is picked).
 */
function useLeaveGuard(kept: { text: boolean; shapes: boolean }, onDiscard: () => void) {
  const unsaved = useRef(false);
  useEffect(() => {
    unsaved.current = kept.text || kept.shapes;
  });
  const [pending, setPending] = useState<(() => void) | null>(null);
  const setLeaveGuard = useUiStore((s) => s.setLeaveGuard);

  useEffect(
    () =>
      setLeaveGuard((leave) => {
        if (!unsaved.current) return true;
        setPending(() => leave);
        return false;
      }),
    [setLeaveGuard],
  );

  const what = kept.text && kept.shapes ? 'Your comment and your drawing haven’t been sent' : kept.text ? 'Your comment hasn’t been sent' : 'Your drawing hasn’t been sent with a comment';
  return {
    asking: pending ? `${what}. Leaving the comparison drops ${kept.text && kept.shapes ? 'them' : 'it'}; Cancel keeps ${kept.text && kept.shapes ? 'them' : 'it'} here.` : null,
    confirm() {
      const leave = pending;
      setPending(null);
      onDiscard();
      useDrawingStore.getState().discard();
      leave?.();
    },
    cancel: () => setPending(null),
  };
}

function CompareTitle({ pair }: { pair: string }) {
  const name = useCompareStore((s) => (s.key === pair ? s.exercise?.name : undefined));
  return <>{name ? `Compare · ${name}` : 'Compare'}</>;
}

/**
 * A student's session: the seconds the screen was actually visible (a hidden window does not count),
 * sent with comparisons.finish when the screen closes or the page goes away. The session is this
 * pair's, kept here: by the time the screen closes, the store may already be opening the next pair.
 */
function useViewingSession(pair: string) {
  const sessionId = useCompareStore((s) => (s.key === pair ? s.sessionId : null));
  const finish = useCompareStore((s) => s.finish);
  const timer = useRef<ViewingTimer | null>(null);
  const session = useRef<string | null>(null);
  useEffect(() => {
    if (sessionId) session.current = sessionId;
  }, [sessionId]);

  useEffect(() => {
    timer.current = new ViewingTimer(() => performance.now(), document.visibilityState === 'visible');
    // Once: on pagehide, or when the screen closes, whichever comes first.
    const end = () => {
      const id = session.current;
      session.current = null;
      if (id) void finish(id, timer.current?.seconds() ?? 0);
    };
    const onVisibility = () => timer.current?.setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', end);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', end);
      end();
    };
  }, [finish]);
}

function useWindowWidth(): number {
  const [width, setWidth] = useState(() => window.innerWidth);
  useEffect(() => {
    const onResize = () => setWidth(window.innerWidth);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return width;
}

/** The height of a side's bar under its picture with the gap above it (`--compare-bar` and `--compare-bar-gap`). */
const SIDE_BAR = 36;

/**
 * Where side by side puts the thread so that the pictures are largest: below them (their usual
 * place: two 16:9 pictures are bound by the width), or beside them when the height below is short.
 * Measures `room`, the screen's inner size and what it holds besides the players. Beside must do
 * clearly better (5 %): below is where the thread usually is, and the screen's size, which decides,
 * does not change with the thread's place (so it cannot flip back and forth).
 */
export function sideThreadPlacement(room: { width: number; height: number; header: number; controls: number; tools: number; gap: number; threadBelow: number; threadBeside: number }): 'below' | 'beside' {
  const { width, height, header, controls, tools, gap } = room;
  const picture = (stageWidth: number, stageHeight: number) => Math.max(0, Math.min(((stageWidth - 10) / 2) * (9 / 16), stageHeight - SIDE_BAR));
  const below = picture(width - tools - gap, height - header - controls - room.threadBelow - 3 * gap);
  const beside = picture(width - tools - room.threadBeside - 2 * gap, height - header - controls - 2 * gap);
  return beside > below * 1.05 ? 'beside' : 'below';
}

function useSideThreadPlacement(screen: HTMLElement | null, enabled: boolean): 'below' | 'beside' {
  const [placement, setPlacement] = useState<'below' | 'beside'>('below');
  useLayoutEffect(() => {
    if (!screen || !enabled) return;
    const measure = () => {
      const style = getComputedStyle(screen);
      const px = (value: string) => Number.parseFloat(value) || 0;
      const height = screen.clientHeight - px(style.paddingTop) - px(style.paddingBottom);
      const size = (selector: string, side: 'offsetHeight' | 'offsetWidth') => screen.querySelector<HTMLElement>(`:scope > ${selector}`)?.[side] ?? 0;
      setPlacement(
        sideThreadPlacement({
          width: screen.clientWidth - px(style.paddingLeft) - px(style.paddingRight),
          height,
          header: size('.compare-header', 'offsetHeight'),
          controls: size('.compare-controls', 'offsetHeight'),
          tools: size('.drawing-toolbar', 'offsetWidth'),
          gap: px(style.rowGap),
          // As the stylesheet sizes the thread: min(168px, 28cqh) below; clamp(280px, 26vw, 380px) beside.
          threadBelow: Math.min(168, 0.28 * screen.clientHeight),
          threadBeside: Math.max(280, Math.min(0.26 * window.innerWidth, 380)),
        }),
      );
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(screen);
    return () => observer.disconnect();
  }, [screen, enabled]);
  return enabled ? placement : 'below';
}

/**
 * The comparison itself. Rendered as soon as the screen opens, before its data (`ready` false): the
 * players, transport, tools and thread take their final places at once and fill in as the answers come.
 */
function ComparePage({
  exerciseId,
  a,
  b,
  ready,
  probe,
  draft,
  onDraft,
  header,
}: {
  exerciseId: string;
  a: string;
  b: string;
  ready: boolean;
  probe: boolean;
  draft: string;
  onDraft(text: string): void;
  header: HTMLElement | null;
}) {
  const me = useProfileStore((s) => s.current?.user.id ?? '');
  // Until ready, none of the store's data: it may still be another comparison's.
  const exercise = useCompareStore((s) => (ready ? s.exercise : null));
  const assets = useCompareStore((s) => (ready ? s.assets : NO_ASSETS));
  const assetErrors = useCompareStore((s) => (ready ? s.assetErrors : NO_ASSET_ERRORS));
  const comments = useCompareStore((s) => (ready ? s.comments : NO_COMMENTS));
  const submissions = useCompareStore((s) => (ready ? s.submissions : NO_SUBMISSIONS));
  const offsets = useCompareStore((s) => (ready ? s.offsets : NO_OFFSETS));
  const setOffsets = useCompareStore((s) => s.setOffsets);
  const align = useCompareStore((s) => s.align);
  const markRead = useCompareStore((s) => s.markRead);
  const toast = useUiStore((s) => s.toast);

  const engine = useMemo(() => new CompareEngine(undefined, probe), [probe]);
  useEffect(() => () => engine.dispose(), [engine]);
  const state = useSyncExternalStore(engine.subscribe, engine.getState);
  // Until a layout is chosen here, the one set in Settings (which may still be on its way at launch).
  const settingsLayout = useSettingsStore((s) => s.view?.app.defaultComparisonLayout);
  const [chosenLayout, setLayoutChoice] = useState<CompareLayout | null>(null);
  const layoutChoice = chosenLayout ?? defaultLayout(settingsLayout);
  const [opacity, setOpacity] = useState(0.5);
  const [wipe, setWipe] = useState(0.5);
  const [marks, setMarks] = useState<[number | null, number | null]>([null, null]);
  const [shownId, setShownId] = useState<string | null>(null);
  // The comment as it is now (edited, or deleted: then nothing is shown).
  const shown = comments.find((c) => c.id === shownId) ?? null;
  const narrow = useWindowWidth() < NARROW_WIDTH;
  const layout: CompareLayout = layoutChoice === 'side' && narrow ? 'stacked' : layoutChoice;

  useEffect(() => engine.setOffsets(offsets), [engine, offsets]);

  useEffect(() => {
    if (!probe) return;
    const samples = engine.probe ?? [];
    window.__compareProbe = { samples, offsets: () => engine.offsets(), frames: () => engine.frames(), clear: () => void samples.splice(0) };
    return () => {
      delete window.__compareProbe;
    };
  }, [engine, probe]);

  // A drawing shows while the playhead stays on its moment.
  const shownAt = shown ? timelineTimeOf(shown.atSeconds ?? 0, offsets[shown.atVideoAsset === a ? 0 : 1]) : 0;
  const drawn = shown && !state.playing && Math.abs(state.time - shownAt) <= 0.05 ? shown : null;

  const candidates = useMemo(() => (exercise ? compareCandidates(exercise, submissions, comments, me) : []), [exercise, submissions, comments, me]);
  const names: [string, string] = [candidateLabel(candidates, a, assets[0]?.origFilename ?? 'Video A'), candidateLabel(candidates, b, assets[1]?.origFilename ?? 'Video B')];

  const markSide = useCallback(
    (side: 0 | 1) => {
      const at = engine.sideTime(side);
      const next: [number | null, number | null] = side === 0 ? [at, marks[1]] : [marks[0], at];
      if (next[0] === null || next[1] === null) {
        setMarks(next);
        return;
      }
      const { offsetA, offsetB } = alignFromMarks(next[0], next[1]);
      setMarks([null, null]);
      setOffsets([offsetA, offsetB]);
      engine.seek(Math.min(next[0], next[1]));
      align([offsetA, offsetB]).then(
        () => toast('Aligned. Whoever opens these two videos next finds them aligned too.'),
        (e: unknown) => toast(`The alignment wasn’t saved: ${errorMessage(e)}`, 'error'),
      );
    },
    [engine, marks, align, toast, setOffsets],
  );

  const markers = useMemo(
    () =>
      comments
        .filter((c) => c.atSeconds !== null && (c.atVideoAsset === a || c.atVideoAsset === b))
        .map((c) => ({ comment: c, at: timelineTimeOf(c.atSeconds ?? 0, offsets[c.atVideoAsset === a ? 0 : 1]), unread: isUnread(c, me) })),
    [comments, a, b, offsets, me],
  );

  // The feedback beside the players, each with its moment on the shared timeline and its side's name.
  const aspectOf = (i: 0 | 1) => (assets[i]?.width && assets[i]?.height ? assets[i].width / assets[i].height : 16 / 9);
  const thread: FeedbackEntry[] = commentsForPair(comments, a, b, submissions).map((c) => {
    const side = c.atVideoAsset === a ? 0 : c.atVideoAsset === b ? 1 : null;
    const at = side === null || c.atSeconds === null ? null : timelineTimeOf(c.atSeconds, offsets[side]);
    return { comment: c, at, where: side === null ? null : names[side], aspect: aspectOf(side ?? 0) };
  });
  // Side by side fills the width and leaves height: the thread goes below, unless the screen is so short
  // (a small laptop, the jobs tray open) that beside leaves the pictures larger. The other layouts fill the height.
  const sideThread = useSideThreadPlacement(header?.closest<HTMLElement>('.compare-screen') ?? null, layout === 'side' && !narrow);
  const threadPlacement = narrow ? 'below' : layout === 'side' ? sideThread : 'beside';

  function showComment(comment: CommentView, at: number) {
    engine.pause();
    engine.seek(at);
    setShownId(comment.id);
    if (isUnread(comment, me)) void markRead([comment.id]);
  }

  // The transport waits for the videos: a step or an in point before them would open the pair away from its start.
  useCompareShortcuts(engine, ready);

  // A coach's composed reply joins the thread of the student whose attempt is on screen, if any.
  const isCoach = useProfileStore((s) => s.current?.user.role === 'coach');
  const replySubmission =
    submissions.find((s) => [a, b].includes(s.videoAsset) || s.earlierAttempts.some((t) => [a, b].includes(t.videoAsset)))?.id ?? null;

  const drawingFor = (id: string) => (drawn?.atVideoAsset === id && drawn.drawing ? drawn : null);
  // What a composed reply shows of the drawings: the comment on screen, and while paused the shapes
  // being drawn (they are hidden during playback, as on screen).
  const drafts = useDrawingStore((s) => s.shapes);
  const recordedShapes: [readonly Shape[], readonly Shape[]] = [
    [...(drawingFor(a)?.drawing?.shapes ?? NO_SHAPES), ...(state.playing ? NO_SHAPES : drafts[0])],
    [...(drawingFor(b)?.drawing?.shapes ?? NO_SHAPES), ...(state.playing ? NO_SHAPES : drafts[1])],
  ];
  const sides: [ReactNode, ReactNode] = [
    <PlayerSide key="a" index={0} loading={!ready} asset={assets[0]} assetError={assetErrors[0]} name={names[0]} engine={engine} offset={offsets[0]} marked={marks[0] !== null} onMark={markSide} drawing={drawingFor(a)} layout={layout} />,
    <PlayerSide key="b" index={1} loading={!ready} asset={assets[1]} assetError={assetErrors[1]} name={names[1]} engine={engine} offset={offsets[1]} marked={marks[1] !== null} onMark={markSide} drawing={drawingFor(b)} layout={layout} />,
  ];

  const overlayStyle = { '--overlay-opacity': String(opacity), '--wipe': `${wipe * 100}%` } as CSSProperties;

  return (
    <>
      <DrawingToolbar engine={engine} />
      <div className={`compare-stage layout-${layout}`} style={overlayStyle} data-testid="compare-stage" data-layout={layout}>
        {sides}
        {layout === 'wipe' && <WipeHandle value={wipe} onChange={setWipe} />}
      </div>
      {header && createPortal(<LayoutOptions choice={layoutChoice} onChoice={setLayoutChoice} narrow={narrow} engine={engine} layout={layout} a={a} b={b} />, header)}
      <div className="compare-controls">
        <Transport engine={engine} state={state} disabled={!ready} markers={markers} onMarker={showComment}>
          {layout === 'overlay' && (
            <label className="compare-slider">
              <span>Opacity of {names[1]}</span>
              <input type="range" min={0} max={1} step={0.05} value={opacity} onChange={(e) => setOpacity(Number(e.target.value))} aria-valuetext={`${Math.round(opacity * 100)} %`} />
            </label>
          )}
          {isCoach && (
            <ComposeBar
              engine={engine}
              target={{ exercise: exerciseId, submission: replySubmission }}
              layout={layout}
              blend={{ opacity, wipe }}
              shapes={recordedShapes}
              markers={probe}
            />
          )}
          {(marks[0] !== null || marks[1] !== null) && (
            <span className="compare-hint" role="status">
              Now mark the same moment on {marks[0] === null ? names[0] : names[1]}.
            </span>
          )}
        </Transport>
      </div>
      <ThreadPanel engine={engine} entries={thread} loading={!ready} me={me} shownId={shownId} onShow={showComment} placement={threadPlacement}>
        {exercise && (
          <CommentComposer
            engine={engine}
            exercise={exercise}
            me={me}
            ids={[a, b]}
            names={names}
            assets={assets}
            submissions={submissions}
            comments={comments}
            text={draft}
            onText={onDraft}
            onSaved={(created) => {
              const view = useCompareStore.getState().comments.find((c) => c.id === created.id);
              const item = view && thread.find((t) => t.comment.id === view.id);
              const side = created.atVideoAsset === a ? 0 : 1;
              if (view) showComment(view, item?.at ?? timelineTimeOf(created.atSeconds ?? 0, offsets[side]));
            }}
          />
        )}
      </ThreadPanel>
    </>
  );
}

const LAYOUTS: readonly (readonly [CompareLayout, string])[] = [
  ['side', 'Side by side'],
  ['stacked', 'Stacked'],
  ['overlay', 'Overlay'],
  ['wipe', 'Wipe'],
];

/** The layout picker and Export, in the screen's header. */
function LayoutOptions({ choice, onChoice, narrow, engine, layout, a, b }: { choice: CompareLayout; onChoice(layout: CompareLayout): void; narrow: boolean; engine: CompareEngine; layout: CompareLayout; a: string; b: string }) {
  return (
    <div className="compare-options">
      {narrow && choice === 'side' && <span className="compare-hint">Stacked: the window is narrow</span>}
      <div className="segmented" role="radiogroup" aria-label="Layout">
        {LAYOUTS.map(([value, label]) => (
          <label key={value} className={choice === value ? 'segment is-on' : 'segment'}>
            <input type="radio" name="compare-layout" value={value} checked={choice === value} onChange={() => onChoice(value)} />
            {label}
          </label>
        ))}
      </div>
      <ExportButton engine={engine} layout={layout} a={a} b={b} />
    </div>
  );
}

function PlayerSide({
  index,
  loading,
  asset,
  assetError,
  name,
  engine,
  offset,
  marked,
  onMark,
  drawing,
  layout,
}: {
  index: 0 | 1;
  /** The comparison's answers are not there yet: the side waits in its place. */
  loading: boolean;
  asset: MediaAsset | null;
  assetError: string | null;
  name: string;
  engine: CompareEngine;
  offset: number;
  marked: boolean;
  onMark(side: 0 | 1): void;
  drawing: CommentView | null;
  layout: CompareLayout;
}) {
  const [failed, setFailed] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [sideTime, setSideTime] = useState(0);
  const [duration, setDuration] = useState(asset?.durationMs ? asset.durationMs / 1000 : 0);
  const attach = useCallback((video: HTMLVideoElement | null) => engine.attach(index, video), [engine, index]);
  // A side's frame length before it plays (a 60 fps video's first `.` is one of its frames, not two);
  // a variable-rate video has none, and the engine measures it as it plays.
  const frame = asset?.frameRate ? 1 / asset.frameRate : null;
  useEffect(() => engine.setKnownFrame(index, frame), [engine, index, frame]);
  const local = asset?.localState === 'local';
  const src = asset && local ? mediaUrl(asset.id, asset.hasProxy ? 'proxy' : 'original') : null;
  // Where the picture sits in the 16:9 box (letterboxed), so a drawing's 0..1 lands on the frame itself.
  const aspect = asset?.width && asset.height ? asset.width / asset.height : 16 / 9;
  const frameStyle = aspect > 16 / 9 ? { width: '100%', height: `${((16 / 9) / aspect) * 100}%` } : { height: '100%', width: `${(aspect / (16 / 9)) * 100}%` };

  let state: ReactNode = null;
  if (loading) {
    state = <Skeleton className="compare-fill" />;
  } else if (!asset) {
    state = (
      <div className="compare-state" role="alert">
        <AlertIcon />
        <p>{assetError ?? 'This video isn’t available.'}</p>
      </div>
    );
  } else if (!local) {
    state = (
      <div className="compare-state" data-testid="compare-waiting">
        <CloudOffIcon width={28} height={28} />
        <p>Waiting for this video to download</p>
        <DownloadNow asset={asset} />
      </div>
    );
  } else if (failed) {
    state = (
      <div className="compare-state" role="alert">
        <AlertIcon />
        <p>This video can’t be played here. Its file may be damaged or in a format this computer can’t show.</p>
      </div>
    );
  }

  return (
    <section className={`compare-side side-${index === 0 ? 'a' : 'b'}`} aria-label={name} data-testid={`compare-side-${index === 0 ? 'a' : 'b'}`}>
      <div className="compare-box">
        {asset?.hasPoster && !loaded && <img className="compare-poster" src={mediaUrl(asset.id, 'poster')} alt="" draggable={false} />}
        {src && (
          <div className="compare-frame" style={frameStyle}>
            <video
              ref={attach}
              className="compare-video"
              src={src}
              preload="auto"
              playsInline
              muted={index === 1}
              aria-label={`Video: ${name}`}
              data-testid={`compare-video-${index === 0 ? 'a' : 'b'}`}
              onLoadedData={() => {
                setLoaded(true);
                setFailed(false);
              }}
              onLoadedMetadata={(e) => setDuration(e.currentTarget.duration)}
              onTimeUpdate={(e) => setSideTime(e.currentTarget.currentTime)}
              onSeeked={(e) => setSideTime(e.currentTarget.currentTime)}
              onError={() => setFailed(true)}
            />
            <DrawingLayer engine={engine} side={index} name={name} shown={drawing} />
          </div>
        )}
        {state}
      </div>
      {layout !== 'overlay' && layout !== 'wipe' ? null : <span className="compare-side-tag">{name}</span>}
      <div className="compare-side-bar">
        <span className="compare-side-name">{name}</span>
        <span className="compare-offset" title="This side’s offset on the shared timeline" data-testid={`offset-${index === 0 ? 'a' : 'b'}`}>
          {formatOffset(offset)}
        </span>
        <input
          type="range"
          className="compare-side-scrub"
          min={0}
          max={duration || 0}
          // Unknown (variable rate, or not probed yet): a 30 fps frame, so arrow keys still move by a frame's length.
          step={frame ?? 1 / 30}
          value={Math.min(sideTime, duration || 0)}
          disabled={!local || !duration}
          aria-label={`Move ${name} alone (to find its sync moment)`}
          aria-valuetext={formatTimecode(sideTime)}
          onChange={(e) => {
            const to = Number(e.target.value);
            setSideTime(to);
            engine.scrubSide(index, to);
          }}
          data-testid={`scrub-${index === 0 ? 'a' : 'b'}`}
        />
        <button type="button" className={marked ? 'button button-small is-on' : 'button button-small'} disabled={!local} aria-pressed={marked} onClick={() => onMark(index)} data-testid={`mark-${index === 0 ? 'a' : 'b'}`}>
          Mark sync point
          <span className="visually-hidden"> on {name}</span>
        </button>
      </div>
    </section>
  );
}

function WipeHandle({ value, onChange }: { value: number; onChange(v: number): void }) {
  const ref = useRef<HTMLDivElement>(null);
  function fromPointer(clientX: number) {
    const box = ref.current?.parentElement?.querySelector('.side-a .compare-box')?.getBoundingClientRect();
    if (!box || box.width === 0) return;
    onChange(Math.max(0, Math.min(1, (clientX - box.left) / box.width)));
  }
  return (
    <div
      ref={ref}
      className="wipe-handle"
      role="slider"
      tabIndex={0}
      aria-label="Wipe divider"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(value * 100)}
      aria-valuetext={`${Math.round(value * 100)} % of the first video`}
      data-testid="wipe-handle"
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        fromPointer(e.clientX);
      }}
      onPointerMove={(e) => {
        if (e.currentTarget.hasPointerCapture(e.pointerId)) fromPointer(e.clientX);
      }}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 0.1 : 0.02;
        if (e.key === 'ArrowLeft') onChange(Math.max(0, value - step));
        else if (e.key === 'ArrowRight') onChange(Math.min(1, value + step));
        else return;
        e.preventDefault();
      }}
    />
  );
}

function Transport({
  engine,
  state,
  disabled,
  markers,
  onMarker,
  children,
}: {
  engine: CompareEngine;
  state: ReturnType<CompareEngine['getState']>;
  /** Until both videos are known: every control in place, none usable. */
  disabled: boolean;
  markers: { comment: CommentView; at: number; unread: boolean }[];
  onMarker(comment: CommentView, at: number): void;
  /** More controls at the end of the transport's row (the overlay's opacity, Record reply, hints). */
  children?: ReactNode;
}) {
  const end = state.end || 0;
  const pct = (t: number) => `${end > 0 ? Math.max(0, Math.min(100, (t / end) * 100)) : 0}%`;
  return (
    <fieldset className="transport" disabled={disabled} aria-label="Playback" data-testid="transport">
      <div className="transport-row">
        <button type="button" className="icon-button" onClick={() => engine.stepFrame(-1)} aria-label="Previous frame (,)" title="Previous frame (, or ←)">
          ‹
        </button>
        <button type="button" className="icon-button transport-play" onClick={() => engine.togglePlay()} aria-label={state.playing ? 'Pause (Space)' : 'Play (Space)'} data-testid="play" data-playing={state.playing}>
          {state.playing ? <span className="pause-glyph" aria-hidden="true" /> : <PlayIcon width={18} height={18} />}
        </button>
        <button type="button" className="icon-button" onClick={() => engine.stepFrame(1)} aria-label="Next frame (.)" title="Next frame (. or →)">
          ›
        </button>
        <span className="transport-time" data-testid="timeline-time">
          {formatTimecode(state.time)} / {formatTimecode(end)}
        </span>
        <label className="transport-rate">
          <span className="visually-hidden">Playback rate</span>
          <select className="input select" value={String(state.rate)} onChange={(e) => engine.setRate(Number(e.target.value))} aria-label="Playback rate" data-testid="rate">
            {RATES.map((r) => (
              <option key={r} value={String(r)}>
                {r}×
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button-small" onClick={() => engine.setIn()} aria-label="Set loop in point (I)" title="In point (I)">
          In {state.inPoint !== null ? formatTimecode(state.inPoint) : ''}
        </button>
        <button type="button" className="button button-small" onClick={() => engine.setOut()} aria-label="Set loop out point (O)" title="Out point (O)">
          Out {state.outPoint !== null ? formatTimecode(state.outPoint) : ''}
        </button>
        <label className="transport-loop">
          <input type="checkbox" checked={state.loop} onChange={(e) => engine.setLoop(e.target.checked)} />
          Loop
        </label>
        <div className="transport-extra">{children}</div>
      </div>
      <div className="timeline">
        <input
          type="range"
          className="timeline-range"
          min={0}
          max={end}
          step={0.001}
          value={Math.min(state.time, end)}
          onChange={(e) => engine.seek(Number(e.target.value))}
          aria-label="Shared timeline"
          aria-valuetext={formatTimecode(state.time)}
          data-testid="timeline"
        />
        {state.inPoint !== null || state.outPoint !== null ? (
          <span className="timeline-loop" style={{ left: pct(state.inPoint ?? 0), right: `calc(100% - ${pct(state.outPoint ?? end)})` }} aria-hidden="true" />
        ) : null}
        {markers.map(({ comment, at, unread }) => (
          <button
            key={comment.id}
            type="button"
            className={`timeline-marker${comment.drawing ? ' has-drawing' : ''}${unread ? ' is-unread' : ''}`}
            style={{ left: pct(at) }}
            onClick={() => onMarker(comment, at)}
            aria-label={`${unread ? 'Unread comment' : 'Comment'} by ${comment.authorName} at ${formatTimecode(at)}: ${comment.text ?? 'video reply'}`}
            title={`${comment.authorName}: ${comment.text ?? ''}`}
            data-testid="timeline-marker"
            data-comment-id={comment.id}
            data-unread={unread ? 'true' : undefined}
          />
        ))}
      </div>
    </fieldset>
  );
}

/** The editors' keys, for two videos at once. */
function useCompareShortcuts(engine: CompareEngine, enabled: boolean) {
  useEffect(() => {
    if (!enabled) return undefined;
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || modalOpen()) return;
      if (isTypingTarget(event.target)) return;
      if ((event.key === ' ' && isInteractiveTarget(event.target)) || (event.key.startsWith('Arrow') && usesArrowKeys(event.target))) return;
      const state = engine.getState();
      switch (event.key) {
        case ' ':
        case 'k':
        case 'K':
          engine.togglePlay();
          break;
        case 'j':
        case 'J':
          engine.setRate(stepRate(state.rate, -1));
          break;
        case 'l':
        case 'L':
          engine.setRate(stepRate(state.rate, 1));
          break;
        case ',':
          engine.stepFrame(-1);
          break;
        case '.':
          engine.stepFrame(1);
          break;
        case 'ArrowLeft':
          if (event.shiftKey) engine.seekBy(-1);
          else engine.stepFrame(-1);
          break;
        case 'ArrowRight':
          if (event.shiftKey) engine.seekBy(1);
          else engine.stepFrame(1);
          break;
        case 'i':
        case 'I':
          engine.setIn();
          break;
        case 'o':
        case 'O':
          engine.setOut();
          break;
        default:
          return;
      }
      event.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [engine, enabled]);
}
