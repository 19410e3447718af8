/**
 * `/substitute-reports` — the substitute's report (R4.4, D11.6): a substitute the chair approved writes, after the
 * meeting, the report to the head who sent them (rewritten until the head reads it); the head reads the reports written
 * to them, beside the link to the meeting's minutes.
 */
import { useState, type FormEvent } from 'react';
import type { SubstituteDutyView, SubstituteReportView } from '../../../shared/api';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { Link } from '../router';
import { useLoad } from '../use-load';
import { substituteReportsApi } from './api-substitute-reports';

const person = (p: { name: string; title: string } | null) => (p ? [p.title, p.name].filter(Boolean).join(' ') : '');

export function SubstituteReportsPage() {
  const { data, error, reload } = useLoad(() => substituteReportsApi.list(), 'substitute-reports');
  return (
    <main className="page">
      <h1>{t('substituteReports.title')}</h1>
      <p className="muted">{t('substituteReports.intro')}</p>
      <ErrorMessage error={error} />
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      {data && (
        <>
          <h2>{t('substituteReports.received')}</h2>
          {data.received.length === 0 ? <p className="muted">{t('substituteReports.noneReceived')}</p> : data.received.map((r) => <ReceivedReport key={`${r.meetingId}:${r.substitute?.id}`} report={r} />)}
          <h2>{t('substituteReports.duties')}</h2>
          {data.duties.length === 0 ? <p className="muted">{t('substituteReports.noDuties')}</p> : data.duties.map((d) => <Duty key={d.meetingId} duty={d} onSaved={reload} />)}
        </>
      )}
    </main>
  );
}

function ReceivedReport({ report }: { report: SubstituteReportView }) {
  const [shown, setShown] = useState<SubstituteReportView | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const open = async () => {
    try {
      setShown(await substituteReportsApi.read(report.meetingId, report.substitute!.id));
    } catch (caught) {
      setError(toShownError(caught));
    }
  };
  const r = shown ?? report;
  return (
    <section className="card" data-testid="substitute-report-received" data-meeting-id={r.meetingId}>
      <h3>{r.meetingTitle}</h3>
      <p className="small muted">
        {t('substituteReports.from', { substitute: person(r.substitute), at: formatDateTime(r.submittedAt) })}
        {r.readAt && <> — {t('substituteReports.readAt', { at: formatDateTime(r.readAt) })}</>}
      </p>
      {shown ? (
        <>
          <p className="pre-wrap" data-testid="substitute-report-text">
            {shown.text}
          </p>
          <p>
            <Link to={shown.minutesPath}>{t('substituteReports.minutes')}</Link>
          </p>
        </>
      ) : (
        <button type="button" onClick={() => void open()} data-testid="substitute-report-open">
          {t('substituteReports.open')}
        </button>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}

function Duty({ duty, onSaved }: { duty: SubstituteDutyView; onSaved(): void }) {
  const [text, setText] = useState(duty.report?.text ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await substituteReportsApi.write(duty.meetingId, text);
      setSaved(true);
      onSaved();
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} data-testid="substitute-duty" data-meeting-id={duty.meetingId}>
      <h3>{duty.meetingTitle}</h3>
      <p className="small muted">{t('substituteReports.to', { head: person(duty.head), at: formatDateTime(duty.meetingStartsAt) })}</p>
      {duty.report?.readAt && <p className="notice">{t('substituteReports.readByHead', { at: formatDateTime(duty.report.readAt) })}</p>}
      {!duty.canWrite && !duty.report && <p className="muted">{t('substituteReports.afterMeeting')}</p>}
      <label>
        {t('substituteReports.text')}
        <textarea rows={6} value={text} onChange={(e) => setText(e.target.value)} disabled={!duty.canWrite || busy} required maxLength={20000} data-testid="substitute-report-input" />
      </label>
      {duty.canWrite && (
        <div className="actions">
          <button type="submit" disabled={busy || !text.trim()} data-testid="substitute-report-send">
            {duty.report ? t('substituteReports.resend') : t('substituteReports.send')}
          </button>
        </div>
      )}
      {saved && (
        <p className="notice" role="status" data-testid="substitute-report-sent">
          {t('substituteReports.sent')}
        </p>
      )}
      <ErrorMessage error={error} />
    </form>
  );
}
