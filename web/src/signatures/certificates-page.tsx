/**
 * `/admin/signing-certificates` (operator) — signers' certificates: issue one from the local certification
 * authority, import a PKCS#12 (.p12) from a real CA with its passphrase, revoke with a reason.
 */
import { useState, type FormEvent } from 'react';
import type { UserView } from '../../../shared/api';
import { request } from '../api';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { useLoad } from '../use-load';
import { signaturesApi } from './api-signatures';

const toBase64 = async (file: File) => {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
};

export function SigningCertificatesPage() {
  const { data, error, reload } = useLoad(() => signaturesApi.certificates(), 'certificates');
  const people = useLoad(() => request<{ users: UserView[] }>('GET', '/api/users').then((r) => r.users), 'people');
  const [userId, setUserId] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [actionError, setActionError] = useState<ShownError | null>(null);

  const run = async (action: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await action();
      reload();
    } catch (err) {
      setActionError(toShownError(err));
    }
  };
  const importP12 = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    void run(async () => signaturesApi.importP12({ userId, p12Base64: await toBase64(file), passphrase }));
  };

  return (
    <main className="page">
      <h1>{t('certificates.title')}</h1>
      <p className="muted">
        {t('certificates.intro')} <a href={signaturesApi.authorityUrl}>{t('verify.authority')}</a>
      </p>
      <form className="card" onSubmit={importP12}>
        <label>
          {t('certificates.person')}
          <select value={userId} onChange={(e) => setUserId(e.target.value)} required data-testid="cert-user">
            <option value="">—</option>
            {people.data?.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
        </label>
        <div className="actions">
          <button type="button" disabled={!userId} onClick={() => void run(() => signaturesApi.issue(userId))} data-testid="cert-issue">
            {t('certificates.issue')}
          </button>
        </div>
        <label>
          {t('certificates.p12')}
          <input type="file" accept=".p12,.pfx,application/x-pkcs12" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="cert-p12" />
        </label>
        <label>
          {t('certificates.passphrase')}
          <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="off" data-testid="cert-passphrase" />
        </label>
        <button type="submit" disabled={!userId || !file} className="secondary">
          {t('certificates.import')}
        </button>
        <ErrorMessage error={actionError} />
      </form>
      <ErrorMessage error={error} />
      <table className="list" data-testid="cert-list">
        <thead>
          <tr>
            <th>{t('certificates.person')}</th>
            <th>{t('certificates.issuer')}</th>
            <th>{t('certificates.validity')}</th>
            <th>{t('certificates.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data?.map((c) => (
            <tr key={c.id} data-testid="cert-item" data-status={c.status}>
              <td>
                <span className="strong">{c.userName}</span>
                <div className="small muted">{c.subject} · {c.serialNumber.slice(0, 16)}</div>
              </td>
              <td>
                {c.issuer}
                <div className="small muted">{t(`certificates.source.${c.source}`)}</div>
              </td>
              <td className="nowrap">
                {formatDateTime(c.notBefore)} – {formatDateTime(c.notAfter)}
              </td>
              <td>
                {t(`certificates.status.${c.status}`)}
                {c.revocationReason && <div className="small muted">{c.revocationReason}</div>}
              </td>
              <td>
                {c.status !== 'revoked' && (
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() => {
                      const reason = window.prompt(t('certificates.revokeReason'));
                      if (reason) void run(() => signaturesApi.revoke(c.id, reason));
                    }}
                  >
                    {t('certificates.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
