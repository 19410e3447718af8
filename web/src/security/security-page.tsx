/**
 * `/admin/security` (operators, R6.2, M11.2c): the security settings in force, read from the running system, for the
 * dossier of the system's security level — and the same as a PDF annex to attach to it.
 */
import type { SecuritySettingsView } from '../../../shared/api';
import { ErrorMessage } from '../components/error-message';
import { formatDateTime } from '../format';
import { t, type MessageKey } from '../i18n';
import { useLoad } from '../use-load';
import { securityApi } from './api-security';

type Row = [MessageKey, string];

function Section({ title, rows, testId }: { title: MessageKey; rows: Row[]; testId: string }) {
  return (
    <section className="security-section" data-testid={testId}>
      <h2>{t(title)}</h2>
      <table className="list security-table">
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{t(label)}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function sections(v: SecuritySettingsView): { title: MessageKey; testId: string; rows: Row[] }[] {
  const { transport, accounts, audit, secrets, backups, media } = v;
  const cert = transport.certificate;
  return [
    {
      title: 'security.transport',
      testId: 'security-transport',
      rows: [
        ['security.https', t(`security.https.${transport.https}`)],
        ['security.publicUrl', transport.publicUrl ?? t('security.notSet')],
        ['security.certificate', cert ? t('security.certificateValue', { subject: cert.subject, until: formatDateTime(cert.validTo), days: cert.daysLeft }) : t('security.none')],
        ['security.headers', transport.headers.join('\n')],
      ],
    },
    {
      title: 'security.accounts',
      testId: 'security-accounts',
      rows: [
        ['security.password', t('security.passwordValue', { min: accounts.passwordMinLength, hashing: accounts.passwordHashing })],
        ['security.secondFactor', t('security.secondFactorValue', { enrolled: accounts.secondFactor.enrolled, accounts: accounts.secondFactor.accounts })],
        ['security.session', t('security.sessionValue', { hours: accounts.sessionHours })],
        ['security.lockout', t('security.lockoutValue', { failures: accounts.lockout.failures, minutes: accounts.lockout.minutes })],
        ['security.guesses', t('security.guessesValue', { count: accounts.guessesPerMinute })],
        ['security.meetingPassword', t('security.meetingPasswordValue', { failures: accounts.meetingPassword.failures, minutes: accounts.meetingPassword.windowMinutes })],
      ],
    },
    {
      title: 'security.audit',
      testId: 'security-audit',
      rows: [
        ['security.auditChain', audit.ok ? t('security.auditIntact', { count: audit.checked }) : t('security.auditBroken', { count: audit.checked })],
        ['security.auditAnchor', audit.anchorKept ? t('security.yes') : t('security.no')],
        ['security.auditHead', audit.head ?? t('security.none')],
      ],
    },
    {
      title: 'security.data',
      testId: 'security-data',
      rows: [
        ['security.sealing', t(secrets.source === 'configuration' ? 'security.sealingConfig' : 'security.sealingFile', { cipher: secrets.sealing })],
        ['security.lastBackup', backups.last ? `${backups.last.name} — ${formatDateTime(backups.last.at)}, ${(backups.last.sizeBytes / 1_048_576).toFixed(1)} MB` : t('security.noBackup')],
      ],
    },
    {
      title: 'security.media',
      testId: 'security-media',
      rows: [
        ['security.janusApi', t(media.janusApi === 'unix' ? 'security.janusUnix' : 'security.janusTcp')],
        ['security.janusState', t(media.janusAvailable ? 'security.janusUp' : 'security.janusDown')],
      ],
    },
  ];
}

export function SecurityPage() {
  const { data, error } = useLoad(securityApi.settings, 'security');
  return (
    <main className="page">
      <h1>{t('security.title')}</h1>
      <p className="muted">{t('security.intro')}</p>
      <div className="actions">
        <a className="button-link" href={securityApi.annexUrl} download data-testid="security-annex">
          {t('security.annex')}
        </a>
      </div>
      <ErrorMessage error={error} />
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      {data && (
        <>
          <p className="muted" data-testid="security-generated">
            {t('security.generatedAt', { at: formatDateTime(data.generatedAt) })}
          </p>
          {sections(data).map((s) => (
            <Section key={s.title} {...s} />
          ))}
          <section className="security-section" data-testid="security-versions">
            <h2>{t('security.versions')}</h2>
            <table className="list security-table">
              <tbody>
                {data.versions.map((v) => (
                  <tr key={v.name}>
                    <th scope="row">{v.name}</th>
                    <td>{v.version}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </main>
  );
}
