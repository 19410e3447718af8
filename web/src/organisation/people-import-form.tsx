/**
 * Importing people on the people page (R1.2): a CSV or XLSX file, all or nothing; every faulty line and column is
 * listed in the person's language, as the units import does; once imported, each new person has been mailed a
 * one-time sign-in link to set their password.
 */
import { useState, type FormEvent } from 'react';
import type { PeopleImportBody } from '../../../shared/api';
import { ApiError } from '../api';
import { organisationApi } from './api-organisation';
import { t, type MessageKey } from '../i18n';
import { importErrors, type CsvError } from './organisation-format';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';

const COLUMNS = new Set(['name', 'email', 'unit_code', 'title', 'phone', 'role']);
/** A column as the file's heading would name it in the person's language. */
const columnLabel = (column: string) => (COLUMNS.has(column) ? t(`users.importCol.${column}` as MessageKey) : column);

const EXAMPLE = 'Họ và tên,Thư điện tử,Mã đơn vị,Chức vụ,Điện thoại,Vai trò\nNguyễn Văn An,an.nv@example.gov.vn,SO-YT,Chuyên viên,0912345678,delegate';

/** The file as the API takes it: a CSV's text, an XLSX in base64. */
async function readFile(file: File): Promise<PeopleImportBody> {
  if (/\.xlsx$/i.test(file.name) || file.type.includes('spreadsheetml')) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { format: 'xlsx', content: btoa(binary) };
  }
  return { format: 'csv', content: await file.text() };
}

export function PeopleImportForm({ onImported }: { onImported(created: number, links: number): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [rowErrors, setRowErrors] = useState<CsvError[]>([]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRowErrors([]);
    if (!file) return setError('users.importEmpty');
    setBusy(true);
    setError(null);
    try {
      const { created, linksSent } = await organisationApi.importPeople(await readFile(file));
      onImported(created, linksSent);
      setFile(null);
      (event.target as HTMLFormElement).reset();
    } catch (caught) {
      const shown = toShownError(caught);
      if (shown instanceof ApiError && shown.id === 'import_invalid') {
        setError(shown);
        setRowErrors(importErrors(shown.fields));
      } else setError(shown);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="people-import-form">
      <p className="small">{t('users.importHelp')}</p>
      <pre className="csv-example">{EXAMPLE}</pre>
      <label>
        {t('users.importFile')}
        <input
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setError(null);
            setRowErrors([]);
          }}
          data-testid="people-import-file"
        />
      </label>
      {rowErrors.length === 0 && <ErrorMessage error={error} />}
      {rowErrors.length > 0 && (
        <div className="error" role="alert" data-testid="people-import-errors">
          <p>{t('users.importErrors', { count: rowErrors.length })}</p>
          <ul>
            {rowErrors.map((e) => (
              <li key={`${e.line}-${e.column}`} data-testid="people-import-error" data-line={e.line ?? ''} data-column={e.column}>
                <span className="strong">{e.line === null || e.column === 'header' ? t('users.importWholeFile') : t('users.importLine', { line: e.line })}</span>
                {e.line !== null && e.column !== 'header' && <>, {t('users.importColumn', { column: columnLabel(e.column) })}</>}: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <button type="submit" disabled={busy} data-testid="people-import-submit">
        {busy ? t('users.importing') : t('users.importSubmit')}
      </button>
    </form>
  );
}
