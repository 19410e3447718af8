/**
 * Operator: the unit tree (R1.1) — indented, with the people and meetings of each unit; add, rename, move and
 * delete (a refusal names what the unit still has); and the CSV import, all or nothing, which lists every line
 * and column at fault.
 */
import { OrganisationSettingsCard } from './organisation-settings-card';
import { useMemo, useState, type FormEvent } from 'react';
import type { UnitView } from '../../../shared/api';
import { ApiError } from '../api';
import { organisationApi } from './api-organisation';
import { ErrorMessage, errorText, toShownError, type ShownError } from '../components/error-message';
import { unitDepths, unitSubtree } from '../endpoints/endpoint-format';
import { t } from '../i18n';
import { csvErrors, filterUnits, unitNotEmptyText, type CsvError } from './organisation-format';
import { useLoad } from '../use-load';
import { UnitSelect } from '../endpoints/endpoint-fields';

const CSV_EXAMPLE = 'code,name,parent_code\nDNO,UBND tỉnh Đắk Nông,\nDNO-VP,Văn phòng UBND tỉnh,DNO\nDNO-STC,Sở Tài chính,DNO\nDNO-CJ,UBND huyện Cư Jút,DNO';

/** A refusal of a unit change in words: `unit_not_empty` names what the unit still has. */
function unitErrorText(error: ShownError, unitName: string): string {
  if (error instanceof ApiError && error.id === 'unit_not_empty') return unitNotEmptyText(unitName, error.fields);
  return errorText(error);
}

export function AdminUnitsPage() {
  const { data: units, error: loadError, reload } = useLoad(organisationApi.units, 'units');
  const [query, setQuery] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const shown = useMemo(() => (units ? filterUnits(units, query) : []), [units, query]);
  const depth = useMemo(() => unitDepths(units ?? []), [units]);

  const changed = (message: string) => {
    setNotice(message);
    reload();
  };

  return (
    <main className="page">
      <h1>{t('units.title')}</h1>
      <p className="muted">{t('units.intro')}</p>
      <div className="columns">
        <div>
          <section className="card">
            <h2>{t('units.createTitle')}</h2>
            <CreateUnitForm units={units ?? []} onCreated={(unit) => changed(t('units.created', { name: unit.name }))} />
          </section>
          <section className="card">
            <h2>{t('units.importTitle')}</h2>
            <ImportUnitsForm onImported={(count) => changed(t('units.imported', { count }))} />
          </section>
        </div>
        <section>
          <ErrorMessage error={loadError} />
          {notice && (
            <p className="notice" role="status" data-testid="unit-notice">
              {notice}
            </p>
          )}
          <div className="filters">
            <label>
              {t('units.search')}
              <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('units.searchPlaceholder')} data-testid="unit-search" />
            </label>
          </div>
          {!units && !loadError && <p className="muted">{t('common.loading')}</p>}
          {units && <p className="muted small">{t('units.count', { count: units.length })}</p>}
          {units && units.length === 0 && <p className="muted">{t('units.empty')}</p>}
          {units && units.length > 0 && shown.length === 0 && <p className="muted">{t('units.noMatch')}</p>}
          {units && shown.length > 0 && (
            <table className="list unit-tree" data-testid="unit-list">
              <thead>
                <tr>
                  <th>{t('units.colName')}</th>
                  <th className="number">{t('units.colPeople')}</th>
                  <th className="number">{t('units.colMeetings')}</th>
                  <th>{t('units.colActions')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((unit) => (
                  <UnitRow key={unit.id} unit={unit} units={units} depth={depth.get(unit.id) ?? 0} onChanged={changed} />
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <OrganisationSettingsCard />
    </main>
  );
}

function UnitRow({ unit, units, depth, onChanged }: { unit: UnitView; units: UnitView[]; depth: number; onChanged(message: string): void }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await organisationApi.deleteUnit(unit.id);
      onChanged(t('units.deleted', { name: unit.name }));
    } catch (caught) {
      setError(toShownError(caught));
      setMode('view');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <tr data-testid="unit-item" data-code={unit.code} data-id={unit.id} data-depth={depth}>
        <td data-label={t('units.colName')}>
          <div className="unit-name" style={{ paddingLeft: `${depth * 1.25}rem` }}>
            {depth > 0 && (
              <span className="muted tree-mark" aria-hidden="true" data-testid="unit-tree-mark">
                └
              </span>
            )}
            <span className="unit-label">
              <span className="strong" data-testid="unit-name">
                {unit.name}
              </span>{' '}
              <span className="muted small nowrap" data-testid="unit-code">
                {unit.code}
              </span>
            </span>
          </div>
        </td>
        <td data-label={t('units.colPeople')} className="number" data-testid="unit-people">
          {unit.people}
        </td>
        <td data-label={t('units.colMeetings')} className="number" data-testid="unit-meetings">
          {unit.meetings}
        </td>
        <td data-label={t('units.colActions')} className="nowrap">
          {mode === 'view' && (
            <>
              <button type="button" className="secondary small" onClick={() => (setMode('edit'), setError(null))} data-testid="unit-edit">
                {t('units.edit')}
              </button>{' '}
              <button type="button" className="secondary small" onClick={() => (setMode('confirm-delete'), setError(null))} data-testid="unit-delete">
                {t('units.delete')}
              </button>
            </>
          )}
          {mode === 'confirm-delete' && (
            <span className="confirm-inline">
              {t('units.deleteConfirm', { name: unit.name })}{' '}
              <button type="button" className="danger small" disabled={busy} onClick={() => void remove()} data-testid="unit-delete-confirm">
                {t('units.deleteConfirmButton')}
              </button>{' '}
              <button type="button" className="secondary small" onClick={() => setMode('view')}>
                {t('common.cancel')}
              </button>
            </span>
          )}
        </td>
      </tr>
      {error && (
        <tr className="row-detail">
          <td colSpan={4}>
            <p className="error" role="alert" data-testid="unit-error">
              {unitErrorText(error, unit.name)}
            </p>
          </td>
        </tr>
      )}
      {mode === 'edit' && (
        <tr className="row-detail">
          <td colSpan={4}>
            <EditUnitForm
              unit={unit}
              units={units}
              onCancel={() => setMode('view')}
              onSaved={(saved) => {
                setMode('view');
                onChanged(t('units.saved', { name: saved.name }));
              }}
            />
          </td>
        </tr>
      )}
    </>
  );
}

function EditUnitForm({ unit, units, onCancel, onSaved }: { unit: UnitView; units: UnitView[]; onCancel(): void; onSaved(unit: UnitView): void }) {
  const [code, setCode] = useState(unit.code);
  const [name, setName] = useState(unit.name);
  const [parentId, setParentId] = useState(unit.parentId ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  // A unit cannot go under itself or its own sub-units (the server refuses it too: unit_cycle).
  const parents = useMemo(() => {
    const own = unitSubtree(units, unit.id);
    return units.filter((u) => !own.has(u.id));
  }, [units, unit.id]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      ...(code.trim().toUpperCase() !== unit.code ? { code: code.trim() } : {}),
      ...(name.trim() !== unit.name ? { name: name.trim() } : {}),
      ...((parentId || null) !== unit.parentId ? { parentId: parentId || null } : {}),
    };
    if (Object.keys(body).length === 0) return onCancel();
    setBusy(true);
    setError(null);
    try {
      onSaved(await organisationApi.updateUnit(unit.id, body));
    } catch (caught) {
      setError(toShownError(caught));
      setBusy(false);
    }
  };

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} data-testid="unit-edit-form">
      <h3>{t('units.editTitle', { name: unit.name })}</h3>
      <div className="row">
        <label>
          {t('units.name')}
          <input required minLength={2} maxLength={200} value={name} onChange={(e) => setName(e.target.value)} data-testid="unit-edit-name" />
        </label>
        <label>
          {t('units.code')}
          <input required maxLength={32} pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,31}" value={code} onChange={(e) => setCode(e.target.value)} data-testid="unit-edit-code" />
        </label>
      </div>
      <label>
        {t('units.parent')}
        <UnitSelect units={parents} value={parentId} onChange={setParentId} placeholder={t('units.noParent')} testId="unit-edit-parent" />
      </label>
      <ErrorMessage error={error} />
      <div className="actions start">
        <button type="submit" disabled={busy} data-testid="unit-edit-save">
          {busy ? t('common.saving') : t('units.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function CreateUnitForm({ units, onCreated }: { units: UnitView[]; onCreated(unit: UnitView): void }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const unit = await organisationApi.createUnit({ code: code.trim(), name: name.trim(), parentId: parentId || null });
      onCreated(unit);
      setCode('');
      setName('');
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="unit-create-form">
      <label>
        {t('units.name')}
        <input required minLength={2} maxLength={200} value={name} onChange={(e) => setName(e.target.value)} data-testid="unit-name-input" />
      </label>
      <label>
        {t('units.code')}
        <input
          required
          maxLength={32}
          pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,31}"
          autoCapitalize="characters"
          spellCheck={false}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          data-testid="unit-code-input"
        />
        <span className="small muted">{t('units.codeHint')}</span>
      </label>
      <label>
        {t('units.parent')}
        <UnitSelect units={units} value={parentId} onChange={setParentId} placeholder={t('units.noParent')} testId="unit-parent-input" />
      </label>
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy} data-testid="unit-submit">
        {busy ? t('common.saving') : t('units.submit')}
      </button>
    </form>
  );
}

function ImportUnitsForm({ onImported }: { onImported(count: number): void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [rowErrors, setRowErrors] = useState<CsvError[]>([]);

  const pickFile = async (file: File | undefined) => {
    if (!file) return;
    setText(await file.text());
    setError(null);
    setRowErrors([]);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRowErrors([]);
    if (!text.trim()) {
      setError('units.importEmpty');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { created } = await organisationApi.importUnits(text);
      onImported(created);
      setText('');
    } catch (caught) {
      const shown = toShownError(caught);
      if (shown instanceof ApiError && shown.id === 'csv_invalid') setRowErrors(csvErrors(shown.fields));
      else setError(shown);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="unit-import-form">
      <p className="small">{t('units.importHelp')}</p>
      <p className="small muted">{t('units.importExample')}</p>
      <pre className="csv-example">{CSV_EXAMPLE}</pre>
      <label>
        {t('units.importFile')}
        <input type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void pickFile(e.target.files?.[0])} data-testid="unit-import-file" />
      </label>
      <label>
        {t('units.importText')}
        <textarea className="csv-input" rows={6} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} placeholder="code,name,parent_code" data-testid="unit-import-text" />
      </label>
      <ErrorMessage error={error} />
      {rowErrors.length > 0 && (
        <div className="error" role="alert" data-testid="unit-import-errors">
          <p>{t('units.importErrors', { count: rowErrors.length })}</p>
          <ul>
            {rowErrors.map((e) => (
              <li key={`${e.line}-${e.column}`} data-testid="unit-import-error" data-line={e.line ?? ''} data-column={e.column}>
                <span className="strong">{e.line === null ? t('units.csv.file') : t('units.csv.line', { line: e.line })}</span>
                {e.line !== null && e.column !== 'header' && <>, {t('units.csv.column', { column: e.column })}</>}: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <button type="submit" disabled={busy} data-testid="unit-import-submit">
        {busy ? t('units.importing') : t('units.importSubmit')}
      </button>
    </form>
  );
}
