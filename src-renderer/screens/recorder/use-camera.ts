import { useEffect, useState, type RefObject } from 'react';

export interface CameraProblem {
  title: string;
  message: string;
}

interface Opened {
  /** Which request this answers (camera, microphone, attempt). */
  key: string;
  stream: MediaStream | null;
  devices: MediaDeviceInfo[];
  problem: CameraProblem | null;
}

export type CameraState =
  | { status: 'starting'; stream: null; devices: MediaDeviceInfo[]; problem: null }
  | { status: 'ready'; stream: MediaStream; devices: MediaDeviceInfo[]; problem: null }
  | { status: 'blocked'; stream: null; devices: MediaDeviceInfo[]; problem: CameraProblem };

const UNSUPPORTED: CameraProblem = {
  title: 'Recording isn’t available here',
  message: 'This window can’t use a camera. Open Coachframe’s desktop app, or a current Chrome, Edge or Firefox, to record.',
};

/** What went wrong with the camera, in words, with what to do about it. */
export function describeCameraError(error: unknown): CameraProblem {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return {
        title: 'Coachframe isn’t allowed to use your camera',
        message:
          'Allow camera and microphone access for Coachframe — in your system’s privacy settings, or in this browser’s site settings (the camera icon in the address bar) — then press Try again.',
      };
    case 'NotFoundError':
    case 'OverconstrainedError':
      return { title: 'No camera found', message: 'Connect a camera and a microphone (or choose another one), then press Try again.' };
    case 'NotReadableError':
    case 'AbortError':
      return { title: 'Your camera is busy', message: 'Another app may be using the camera or microphone. Close it, then press Try again.' };
    default:
      return { title: 'The camera didn’t start', message: 'Check that a camera and a microphone are connected, then press Try again.' };
  }
}

export function stopStream(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

function constraints(cameraId: string, micId: string): MediaStreamConstraints {
  return {
    video: cameraId ? { deviceId: { exact: cameraId }, width: { ideal: 1280 }, height: { ideal: 720 } } : { width: { ideal: 1280 }, height: { ideal: 720 } },
    audio: micId ? { deviceId: { exact: micId }, echoCancellation: true, noiseSuppression: true } : { echoCancellation: true, noiseSuppression: true },
  };
}

/**
 * The camera and microphone chosen (empty ids: the system's defaults), opened with getUserMedia, and
 * the devices there are to choose from. A new choice (or attempt) reopens them; the old tracks stop.
 */
export function useCamera(cameraId: string, micId: string, attempt: number): CameraState {
  const key = `${cameraId}|${micId}|${attempt}`;
  const [opened, setOpened] = useState<Opened | null>(null);

  useEffect(() => {
    let alive = true;
    let stream: MediaStream | null = null;
    const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
    const open = async () => {
      if (!media?.getUserMedia || typeof MediaRecorder === 'undefined') {
        setOpened({ key, stream: null, devices: [], problem: UNSUPPORTED });
        return;
      }
      try {
        stream = await media.getUserMedia(constraints(cameraId, micId));
        // Device names are only readable once access was granted.
        const devices = await media.enumerateDevices().catch(() => []);
        if (alive) setOpened({ key, stream, devices, problem: null });
        else stopStream(stream);
      } catch (error) {
        if (alive) setOpened({ key, stream: null, devices: [], problem: describeCameraError(error) });
      }
    };
    void open();
    return () => {
      alive = false;
      stopStream(stream);
    };
  }, [key, cameraId, micId]);

  const devices = opened?.devices ?? [];
  if (!opened || opened.key !== key) return { status: 'starting', stream: null, devices, problem: null };
  if (opened.stream) return { status: 'ready', stream: opened.stream, devices, problem: null };
  return { status: 'blocked', stream: null, devices, problem: opened.problem ?? describeCameraError(null) };
}

/**
 * The microphone's level, drawn straight into `meter` (a bar whose --level goes 0..1) each frame
 * from an AnalyserNode, without re-rendering React.
 */
export function useLevelMeter(stream: MediaStream | null, meter: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (!stream || stream.getAudioTracks().length === 0 || typeof AudioContext === 'undefined') return;
    const context = new AudioContext();
    void context.resume().catch(() => undefined);
    const source = context.createMediaStreamSource(stream);
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let frame = 0;
    let shown = 0;
    let lastAnnounced = 0;
    const draw = (time: number) => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      const rms = Math.sqrt(sum / samples.length);
      // Roughly -50 dB..0 dB onto 0..1; falls back slowly, like a studio meter.
      const level = Math.max(0, Math.min(1, (20 * Math.log10(rms + 1e-8) + 50) / 50));
      shown = level > shown ? level : shown * 0.92 + level * 0.08;
      const el = meter.current;
      if (el) {
        el.style.setProperty('--level', shown.toFixed(3));
        if (time - lastAnnounced > 500) {
          el.setAttribute('aria-valuenow', String(Math.round(shown * 100)));
          lastAnnounced = time;
        }
      }
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    return () => {
      cancelAnimationFrame(frame);
      source.disconnect();
      void context.close().catch(() => undefined);
    };
  }, [stream, meter]);
}
