import { useEffect, type RefObject } from 'react';

/** Silence floor of the meter: quieter than this shows an empty bar. */
const FLOOR_DB = -60;
/** Per animation frame, the bar falls by this factor at most (so that it is readable). */
const DECAY_PER_FRAME = 0.92;

/**
 * Drives a level meter from the stream's microphone with a WebAudio AnalyserNode. Writes straight to the DOM
 * element (`--level` for the CSS bar, `data-level` 0…1 and `aria-valuenow` for tests and screen readers),
 * so React does not re-render sixty times a second.
 */
export function useMicLevel(stream: MediaStream | null, meter: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = meter.current;
    const track = stream?.getAudioTracks()[0];
    const show = (level: number) => {
      if (!element) return;
      element.style.setProperty('--level', level.toFixed(3));
      element.dataset.level = level.toFixed(3);
      element.setAttribute('aria-valuenow', level.toFixed(2));
    };
    show(0);
    if (!element || !track) return;

    const context = new AudioContext();
    void context.resume().catch(() => undefined); // created after the user's click, so normally running
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let level = 0;
    let frame = 0;

    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      const rms = Math.sqrt(sum / samples.length);
      const db = rms > 0 ? 20 * Math.log10(rms) : FLOOR_DB;
      const measured = Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB));
      level = Math.max(measured, level * DECAY_PER_FRAME);
      show(track.enabled ? level : 0);
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);

    return () => {
      cancelAnimationFrame(frame);
      source.disconnect();
      void context.close().catch(() => undefined);
    };
  }, [stream, meter]);
}
