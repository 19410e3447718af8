/**
 * The organisation's own words (operator, on the units page): the office that approves bookings and the authority
 * who decides emergencies (D19.2, D21.1). Every notice, panel and refusal that names them uses these words.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { OrganisationSettingsView } from '../../../shared/api';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { setOrganisationWords, t } from '../i18n';
import { useLoad } from '../use-load';
import { organisationApi } from './api-organisation';

export function OrganisationSettingsCard() {
  const { data, error } = useLoad(() => organisationApi.settings(), 'organisation-settings');
  const [form, setForm] = useState<OrganisationSettingsView | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [saveError, setSaveError] = useState<ShownError | null>(null);
  useEffect(() => {
    if (data) setForm(data);
  }, [data]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!form) return;
    setBusy(true);
    setSaved(false);
    setSaveError(null);
    try {
      const settings = await organisationApi.saveSettings(form);
      setForm(settings);
      setOrganisationWords(settings);
      setSaved(true);
    } catch (caught) {
      setSaveError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="organisation-settings">
      <h2>{t('orgSettings.title')}</h2>
      <p className="small muted">{t('orgSettings.intro')}</p>
      <ErrorMessage error={error} />
      {form && (
        <form onSubmit={(e) => void save(e)}>
          <label>
            {t('orgSettings.approvingOffice')}
            <input required minLength={2} maxLength={200} value={form.approvingOffice} onChange={(e) => setForm({ ...form, approvingOffice: e.target.value })} data-testid="org-approving-office" />
          </label>
          <label>
            {t('orgSettings.decidingAuthority')}
            <input required minLength={2} maxLength={200} value={form.decidingAuthority} onChange={(e) => setForm({ ...form, decidingAuthority: e.target.value })} data-testid="org-deciding-authority" />
          </label>
          <ErrorMessage error={saveError} />
          {saved && (
            <p className="notice" role="status" data-testid="org-settings-saved">
              {t('orgSettings.saved')}
            </p>
          )}
          <div className="actions">
            <button type="submit" disabled={busy} data-testid="org-settings-save">
              {t('units.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
