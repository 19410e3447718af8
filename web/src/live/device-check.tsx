/** Step 4 of entering a meeting: camera preview, microphone level, device choice, start with camera/mic off. */
import { useEffect, useRef, useState } from 'react';
import { t } from '../i18n';
import { LocalMediaError, openLocalMedia, stopStream, type DeviceChoice, type LocalMediaProblem } from './local-media';
import { useMicLevel } from './use-mic-level';

/** `actionLabel` and `offersStartOff: false` let the technical check (R2.6) reuse the step with its own button. */
export function DeviceCheck({ initial, onJoin, actionLabel, offersStartOff = true }: { initial: DeviceChoice; onJoin(choice: DeviceChoice): void; actionLabel?: string; offersStartOff?: boolean }) {
  const [choice, setChoice] = useState(initial);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<LocalMediaProblem | null>(null);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const preview = useRef<HTMLVideoElement>(null);
  const meter = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    let opened: MediaStream | null = null;
    openLocalMedia(choice)
      .then((s) => {
        if (cancelled) return stopStream(s);
        opened = s;
        setStream(s);
        setProblem(null);
        // Labels and ids are only given once the user has allowed access.
        return navigator.mediaDevices.enumerateDevices().then((list) => !cancelled && setDevices(list));
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        setStream(null);
        setProblem(error instanceof LocalMediaError ? error.problem : 'device.failed');
      });
    return () => {
      cancelled = true;
      stopStream(opened); // free the device before opening another (some cameras allow one user only)
    };
  }, [choice.audioDeviceId, choice.videoDeviceId]);

  useEffect(() => {
    if (preview.current) preview.current.srcObject = stream;
  }, [stream]);

  // The preview shows what the others will see when joining.
  useEffect(() => {
    stream?.getVideoTracks().forEach((track) => (track.enabled = !choice.startWithVideoOff));
    stream?.getAudioTracks().forEach((track) => (track.enabled = !choice.startWithAudioOff));
  }, [stream, choice.startWithVideoOff, choice.startWithAudioOff]);

  useMicLevel(stream, meter);

  const inUse = (kind: 'audio' | 'video') => {
    const track = kind === 'audio' ? stream?.getAudioTracks()[0] : stream?.getVideoTracks()[0];
    return track?.getSettings().deviceId ?? '';
  };

  return (
    <section className="card device-check" data-testid="device-check">
      <h2>{t('device.title')}</h2>
      <p className="muted">{t('device.intro')}</p>
      {problem && (
        <div>
          <p className="error" role="alert" data-testid="error-message">
            {t(problem)}
          </p>
          <p>{t('device.joinWithout')}</p>
        </div>
      )}
      <div className="preview-frame">
        <video ref={preview} autoPlay playsInline muted className="mirrored" data-testid="device-preview" />
      </div>
      <div
        ref={meter}
        className="mic-level"
        role="meter"
        aria-label={t('device.micLevel')}
        aria-valuemin={0}
        aria-valuemax={1}
        data-testid="mic-level"
      >
        <span className="mic-level-bar" />
      </div>
      <div className="row">
        <DeviceSelect
          label={t('device.camera')}
          kind="videoinput"
          devices={devices}
          value={choice.videoDeviceId || inUse('video')}
          onChange={(videoDeviceId) => setChoice((c) => ({ ...c, videoDeviceId }))}
          testId="camera-select"
        />
        <DeviceSelect
          label={t('device.microphone')}
          kind="audioinput"
          devices={devices}
          value={choice.audioDeviceId || inUse('audio')}
          onChange={(audioDeviceId) => setChoice((c) => ({ ...c, audioDeviceId }))}
          testId="microphone-select"
        />
      </div>
      {offersStartOff && (<>
      <label className="check">
        <input
          type="checkbox"
          checked={choice.startWithVideoOff}
          onChange={(e) => setChoice((c) => ({ ...c, startWithVideoOff: e.target.checked }))}
          data-testid="start-camera-off"
        />
        {t('device.startCameraOff')}
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={choice.startWithAudioOff}
          onChange={(e) => setChoice((c) => ({ ...c, startWithAudioOff: e.target.checked }))}
          data-testid="start-mic-off"
        />
        {t('device.startMicOff')}
      </label>
      </>)}
      <button type="button" className="primary large" onClick={() => onJoin(choice)} data-testid="join-button">
        {actionLabel ?? t('device.join')}
      </button>
    </section>
  );
}

function DeviceSelect(props: {
  label: string;
  kind: MediaDeviceKind;
  devices: MediaDeviceInfo[];
  value: string;
  onChange(deviceId: string): void;
  testId: string;
}) {
  const options = props.devices.filter((d) => d.kind === props.kind && d.deviceId);
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)} disabled={options.length === 0} data-testid={props.testId}>
        {options.length === 0 && <option value="">{t('device.default')}</option>}
        {options.map((device, index) => (
          <option key={device.deviceId} value={device.deviceId}>
            {device.label || t('device.unnamed', { index: index + 1 })}
          </option>
        ))}
      </select>
    </label>
  );
}
