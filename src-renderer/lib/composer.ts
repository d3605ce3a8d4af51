import type { Drawing } from '../../src-shared/domain';
import { fitRect, paintShapes, type Rect } from './paint-shapes';

type Shape = Drawing['shapes'][number];
export type ComposeLayout = 'side' | 'stacked' | 'overlay' | 'wipe';

/** What the composer paints, read fresh every frame: the players as they are, and what is drawn on them. */
export interface ComposerScene {
  videos(): readonly [HTMLVideoElement | null, HTMLVideoElement | null];
  layout(): ComposeLayout;
  /** Overlay opacity and wipe position, 0..1. */
  blend(): { opacity: number; wipe: number };
  shapes(): readonly [readonly Shape[], readonly Shape[]];
}

export interface ComposerOptions {
  scene: ComposerScene;
  /** The coach's camera for the picture-in-picture, or null for none. */
  camera: MediaStream | null;
  /** The coach's voice. */
  mic: MediaStream | null;
  /** Each recorded chunk, in order (about one a second). */
  onChunk(chunk: Blob): void;
  width?: number;
  height?: number;
  fps?: number;
  /**
   * Test markers: a white flash and a 1 kHz beep at the same instant every `everyMs`, the microphone
   * silenced, so ffmpeg can measure the recorded file's audio/video offset.
   */
  markers?: { everyMs: number; durationMs: number } | null;
}

/** The recording formats MediaRecorder offers here, best first. */
const MIME_TYPES = ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm'];

export function composerMimeType(): string | null {
  if (typeof MediaRecorder === 'undefined') return null;
  return MIME_TYPES.find((t) => MediaRecorder.isTypeSupported(t)) ?? null;
}

/**
 * One take of a composed reply: what the coach sees — both sides as they play, pause and scrub, the
 * drawings as they are made — painted into a canvas each frame with the coach's camera in a corner,
 * recorded with their voice by MediaRecorder. Media and UI share one origin in both shells, so the
 * canvas stays readable (never tainted) and can be captured.
 */
export class Composer {
  readonly canvas: HTMLCanvasElement;
  readonly mimeType: string;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly audio: AudioContext;
  private readonly destination: MediaStreamAudioDestinationNode;
  private readonly recorder: MediaRecorder;
  private readonly cameraVideo: HTMLVideoElement | null;
  private frame = 0;
  private startedAt = 0;
  private lastMarker = -1;
  private stopped: Promise<void> | null = null;

  constructor(private readonly options: ComposerOptions) {
    const mimeType = composerMimeType();
    if (!mimeType) throw new Error('This window cannot record video.');
    this.mimeType = mimeType.split(';')[0]!;
    this.canvas = document.createElement('canvas');
    this.canvas.width = options.width ?? 1280;
    this.canvas.height = options.height ?? 720;
    this.canvas.dataset['composer'] = 'true';
    const ctx = this.canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('This window cannot draw the reply.');
    this.ctx = ctx;

    this.audio = new AudioContext();
    this.destination = this.audio.createMediaStreamDestination();
    if (options.mic && options.mic.getAudioTracks().length > 0) {
      const voice = this.audio.createGain();
      voice.gain.value = options.markers ? 0 : 1;
      this.audio.createMediaStreamSource(options.mic).connect(voice).connect(this.destination);
    }

    if (options.camera && options.camera.getVideoTracks().length > 0) {
      this.cameraVideo = document.createElement('video');
      this.cameraVideo.muted = true;
      this.cameraVideo.playsInline = true;
      this.cameraVideo.srcObject = new MediaStream(options.camera.getVideoTracks());
      void this.cameraVideo.play().catch(() => undefined);
    } else {
      this.cameraVideo = null;
    }

    const video = this.canvas.captureStream(options.fps ?? 30).getVideoTracks();
    const stream = new MediaStream([...video, ...this.destination.stream.getAudioTracks()]);
    this.recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 4_000_000 });
    this.recorder.ondataavailable = (event) => {
      if (event.data.size > 0) options.onChunk(event.data);
    };
  }

  /** Seconds recorded so far. */
  elapsed(): number {
    return this.startedAt ? (performance.now() - this.startedAt) / 1000 : 0;
  }

  async start(): Promise<void> {
    await this.audio.resume();
    this.paint();
    this.startedAt = performance.now();
    this.recorder.start(1000);
    const loop = () => {
      if (this.stopped) return;
      this.paint();
      this.frame = requestAnimationFrame(loop);
    };
    this.frame = requestAnimationFrame(loop);
  }

  /** Ends the take; resolves once the last chunk has been handed over. */
  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      cancelAnimationFrame(this.frame);
      const done = () => {
        this.release();
        resolve();
      };
      if (this.recorder.state === 'inactive') return done();
      this.recorder.addEventListener('stop', done, { once: true });
      this.recorder.stop();
    });
    return this.stopped;
  }

  private release(): void {
    if (this.cameraVideo) this.cameraVideo.srcObject = null;
    void this.audio.close().catch(() => undefined);
  }

  /** One frame: the players in the layout on screen, their drawings, the camera, and any test marker. */
  private paint(): void {
    const { ctx, canvas } = this;
    const { scene } = this.options;
    const W = canvas.width;
    const H = canvas.height;
    ctx.fillStyle = '#0b0c0f';
    ctx.fillRect(0, 0, W, H);
    const [a, b] = scene.videos();
    const [shapesA, shapesB] = scene.shapes();
    const layout = scene.layout();
    const { opacity, wipe } = scene.blend();
    const full: Rect = { x: 0, y: 0, width: W, height: H };
    const boxes: [Rect, Rect] =
      layout === 'side'
        ? [{ x: 0, y: 0, width: W / 2, height: H }, { x: W / 2, y: 0, width: W / 2, height: H }]
        : layout === 'stacked'
          ? [{ x: 0, y: 0, width: W, height: H / 2 }, { x: 0, y: H / 2, width: W, height: H / 2 }]
          : [full, full];
    const frameA = this.paintVideo(a, boxes[0]);
    if (layout === 'overlay') ctx.globalAlpha = opacity;
    if (layout === 'wipe') {
      ctx.save();
      ctx.beginPath();
      ctx.rect(W * wipe, 0, W * (1 - wipe), H);
      ctx.clip();
    }
    const frameB = this.paintVideo(b, boxes[1]);
    if (layout === 'wipe') ctx.restore();
    ctx.globalAlpha = 1;
    if (frameA && shapesA.length) paintShapes(ctx, shapesA, frameA);
    if (frameB && shapesB.length) paintShapes(ctx, shapesB, frameB);
    this.paintCamera();
    this.paintMarker();
  }

  private paintVideo(video: HTMLVideoElement | null, box: Rect): Rect | null {
    if (!video || video.readyState < 2 || !video.videoWidth) return null;
    const rect = fitRect(video.videoWidth / video.videoHeight, box);
    this.ctx.drawImage(video, rect.x, rect.y, rect.width, rect.height);
    return rect;
  }

  private paintCamera(): void {
    const cam = this.cameraVideo;
    if (!cam || cam.readyState < 2 || !cam.videoWidth) return;
    const { ctx, canvas } = this;
    const width = Math.round(canvas.width * 0.2);
    const height = Math.round(width / (cam.videoWidth / cam.videoHeight));
    const x = canvas.width - width - 16;
    const y = canvas.height - height - 16;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(x - 2, y - 2, width + 4, height + 4);
    ctx.drawImage(cam, x, y, width, height);
  }

  /** The flash and the beep start in the same task, so a recording that keeps them together is in sync. */
  private paintMarker(): void {
    const markers = this.options.markers;
    if (!markers || !this.startedAt) return;
    const t = performance.now() - this.startedAt - markers.everyMs / 2;
    if (t < 0) return;
    const index = Math.floor(t / markers.everyMs);
    if (t - index * markers.everyMs >= markers.durationMs) return;
    this.ctx.fillStyle = '#ffffff';
    this.ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    if (index === this.lastMarker) return;
    this.lastMarker = index;
    const beep = this.audio.createOscillator();
    beep.frequency.value = 1000;
    beep.connect(this.destination);
    beep.start();
    beep.stop(this.audio.currentTime + markers.durationMs / 1000);
  }
}
