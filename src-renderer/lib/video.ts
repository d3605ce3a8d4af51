/** Playback control on a <video> element, kept out of components (whose props stay read-only). */

export function seekTo(video: HTMLVideoElement, seconds: number): void {
  video.pause();
  const end = Number.isFinite(video.duration) ? video.duration : Infinity;
  video.currentTime = Math.max(0, Math.min(end, seconds));
}

export function seekBy(video: HTMLVideoElement, delta: number): void {
  seekTo(video, video.currentTime + delta);
}

export function togglePlay(video: HTMLVideoElement): void {
  if (video.paused) void video.play().catch(() => undefined);
  else video.pause();
}
