/**
 * `/meetings/:id/check` — the technical check before a meeting (R2.6, D15.1, D16.1), for an invited endpoint's
 * technician, its room account, or the chair's technician: camera and microphone chosen and previewed (the
 * device step of entering a meeting), then ~10 s of loopback through the media server with the figures measured,
 * then the figures sent; the server's verdict names each criterion not met.
 */
import { useEffect, useRef, useState } from 'react';
import type { MyTechnicalCheck, ReadinessCriterion, TechnicalCheckView } from '../../../shared/api';
import { readinessApi } from './api-readiness';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { DeviceCheck } from '../live/device-check';
import { defaultDeviceChoice, LocalMediaError, openLocalMedia, stopStream, type DeviceChoice } from '../live/local-media';
import type { CheckFigures } from './check-measure';
import { runCheck } from './check-runner';
import { Link } from '../router';
import { useLoad } from '../use-load';
import { criterionText } from './readiness-format';

type Step = { kind: 'devices' } | { kind: 'running'; label: string } | { kind: 'done'; figures: CheckFigures; check: TechnicalCheckView | null };

export function TechnicalCheckPage({ id }: { id: string }) {
  const { data: mine, error } = useLoad(() => readinessApi.mine(), id);
  const sides = mine?.filter((c) => c.meeting.id === id) ?? [];
  const [sideKey, setSideKey] = useState('');
  const side = sides.find((s) => (s.endpoint?.id ?? '') === sideKey) ?? sides[0];

  return (
    <main className="page">
      <p>
        <Link to="/">{t('check.back')}</Link>
      </p>
      <h1>{t('check.title')}</h1>
      <p className="muted">{t('check.intro')}</p>
      <ErrorMessage error={error} />
      {!mine && !error && <p className="muted">{t('common.loading')}</p>}
      {mine && sides.length === 0 && (
        <p className="card" data-testid="check-not-open">
          {t('check.notOpen')}
        </p>
      )}
      {side && (
        <>
          <section className="card meeting-summary" data-testid="check-meeting">
          <dl>
            <dt>{t('check.meeting')}</dt>
            <dd>{side.meeting.title}</dd>
            <dt>{t('check.checkAt')}</dt>
            <dd>{formatDateTime(side.meeting.checkAt)}</dd>
            <dt>{t('check.endpoint')}</dt>
            <dd>
              {sides.length > 1 ? (
                <select value={side.endpoint?.id ?? ''} onChange={(e) => setSideKey(e.target.value)} data-testid="check-endpoint">
                  {sides.map((s) => (
                    <option key={s.endpoint?.id ?? ''} value={s.endpoint?.id ?? ''}>
                      {sideName(s)}
                    </option>
                  ))}
                </select>
              ) : (
                sideName(side)
              )}
            </dd>
          </dl>
          </section>
          <CheckRun key={side.endpoint?.id ?? ''} meetingId={id} endpointId={side.endpoint?.id} />
        </>
      )}
    </main>
  );
}

const sideName = (s: MyTechnicalCheck) => (s.endpoint ? `${s.endpoint.name} (${s.endpoint.unit})` : t('check.chairSide'));

function CheckRun({ meetingId, endpointId }: { meetingId: string; endpointId?: string }) {
  const [step, setStep] = useState<Step>({ kind: 'devices' });
  const [error, setError] = useState<ShownError | null>(null);
  const [note, setNote] = useState('');
  const loopbackVideo = useRef<HTMLVideoElement>(null);
  const [loopback, setLoopback] = useState<MediaStream | null>(null);

  useEffect(() => {
    if (loopbackVideo.current) loopbackVideo.current.srcObject = loopback;
  }, [loopback, step.kind]);

  const start = async (choice: DeviceChoice) => {
    setError(null);
    setStep({ kind: 'running', label: t('check.connecting') });
    let stream: MediaStream | null = null;
    try {
      stream = await openLocalMedia(choice);
      const figures = await runCheck({
        meetingId,
        endpointId,
        stream,
        onPhase: (phase, left) => setStep({ kind: 'running', label: phase === 'connecting' ? t('check.connecting') : t('check.running', { seconds: left }) }),
        onLoopbackStream: (s) => setLoopback(new MediaStream(s.getTracks())),
      });
      setStep({ kind: 'done', figures, check: null });
      const check = await readinessApi.record(meetingId, {
        ...(endpointId ? { endpointId } : {}),
        camera: figures.camera,
        microphone: figures.microphone,
        bitrateKbps: figures.bitrateKbps,
        lossPercent: figures.lossPercent,
        // an unmeasured round trip cannot pass: it is sent as the largest value accepted
        rttMs: figures.rttMs ?? 600_000,
        ...(figures.jitterMs !== null ? { jitterMs: Math.min(figures.jitterMs, 600_000) } : {}),
        note: [note.trim(), figures.rttMs === null ? t('check.rttUnmeasured') : ''].filter(Boolean).join(' — '),
      });
      setStep({ kind: 'done', figures, check });
    } catch (err) {
      setError(err instanceof LocalMediaError ? err.problem : toShownError(err));
      setStep((s) => (s.kind === 'running' ? { kind: 'devices' } : s));
    } finally {
      stopStream(stream);
    }
  };

  return (
    <section className="card" data-testid="technical-check">
      <ErrorMessage error={error} />
      {step.kind === 'devices' && (
        <>
          <label>
            {t('check.note')}
            <input type="text" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="check-note" />
          </label>
          <DeviceCheck initial={defaultDeviceChoice} onJoin={(choice) => void start(choice)} actionLabel={t('check.start')} offersStartOff={false} />
        </>
      )}
      {step.kind === 'running' && (
        <p role="status" data-testid="check-progress">
          {step.label}
        </p>
      )}
      {step.kind !== 'devices' && (
        <figure className="preview-frame">
          <video ref={loopbackVideo} autoPlay playsInline muted data-testid="check-loopback" />
          <figcaption className="small muted">{t('check.loopback')}</figcaption>
        </figure>
      )}
      {step.kind === 'done' && <CheckResult figures={step.figures} check={step.check} onAgain={() => setStep({ kind: 'devices' })} />}
    </section>
  );
}

function CheckResult({ figures, check, onAgain }: { figures: CheckFigures; check: TechnicalCheckView | null; onAgain(): void }) {
  const ok = (value: boolean) => (value ? t('check.ok') : t('check.notOk'));
  return (
    <div data-testid="check-result">
      <h2>{t('check.result')}</h2>
      <table className="list">
        <tbody>
          <tr>
            <th scope="row">{t('check.camera')}</th>
            <td data-testid="check-camera">{ok(figures.camera)}</td>
          </tr>
          <tr>
            <th scope="row">{t('check.microphone')}</th>
            <td data-testid="check-microphone" data-audio-bytes={figures.audioBytes}>{ok(figures.microphone)}</td>
          </tr>
          <tr>
            <th scope="row">{t('check.bitrate')}</th>
            <td data-testid="check-bitrate" data-value={figures.bitrateKbps}>
              {figures.bitrateKbps} kbit/s
            </td>
          </tr>
          <tr>
            <th scope="row">{t('check.receiveBitrate')}</th>
            <td data-testid="check-receive-bitrate" data-value={figures.receiveKbps}>
              {figures.receiveKbps} kbit/s
            </td>
          </tr>
          <tr>
            <th scope="row">{t('check.frames')}</th>
            <td data-testid="check-frames" data-value={figures.framesDecoded}>
              {figures.framesDecoded}
            </td>
          </tr>
          <tr>
            <th scope="row">{t('check.loss')}</th>
            <td data-testid="check-loss">{figures.lossPercent} %</td>
          </tr>
          <tr>
            <th scope="row">{t('check.rtt')}</th>
            <td data-testid="check-rtt">{figures.rttMs === null ? '—' : `${figures.rttMs} ms`}</td>
          </tr>
          <tr>
            <th scope="row">{t('check.jitter')}</th>
            <td>{figures.jitterMs === null ? '—' : `${figures.jitterMs} ms`}</td>
          </tr>
        </tbody>
      </table>
      {!check && <p className="muted">{t('check.sending')}</p>}
      {check && (
        <p className={check.passed ? 'notice' : 'error'} role="status" data-testid="check-verdict" data-passed={String(check.passed)}>
          {check.passed ? t('check.passed') : t('check.failed', { criteria: check.failing.map((c: ReadinessCriterion) => criterionText(c)).join('; ') })}
        </p>
      )}
      {check && (
        <button type="button" className="secondary" onClick={onAgain} data-testid="check-again">
          {t('check.again')}
        </button>
      )}
    </div>
  );
}
