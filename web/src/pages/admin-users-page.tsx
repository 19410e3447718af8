import { useState, type FormEvent } from 'react';
import type { CreateUserResponse, Role } from '../../../shared/api';
import { api } from '../api';
import { CopyButton } from '../components/copy-button';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { sortPeople } from '../format';
import { t } from '../i18n';
import { useLoad } from '../use-load';

/** Operator: the accounts, and a form that creates one and shows its temporary password once. */
export function AdminUsersPage() {
  const { data: users, error: loadError, reload } = useLoad(api.listUsers, 'users');
  const [created, setCreated] = useState<CreateUserResponse | null>(null);

  return (
    <main className="page">
      <h1>{t('users.title')}</h1>
      <div className="columns">
        <section className="card">
          <h2>{t('users.createTitle')}</h2>
          <CreateUserForm
            onCreated={(result) => {
              setCreated(result);
              reload();
            }}
          />
          {created && <TemporaryPassword created={created} />}
        </section>
        <section>
          <ErrorMessage error={loadError} />
          {users && <p className="muted">{t('users.count', { count: users.length })}</p>}
          {users && users.length === 0 && <p className="muted">{t('users.empty')}</p>}
          {users && users.length > 0 && (
            <table className="list" data-testid="user-list">
              <thead>
                <tr>
                  <th>{t('users.name')}</th>
                  <th>{t('users.unit')}</th>
                  <th>{t('users.email')}</th>
                  <th>{t('users.role')}</th>
                </tr>
              </thead>
              <tbody>
                {sortPeople(users).map((user) => (
                  <tr key={user.id} data-testid="user-item" data-email={user.email}>
                    <td data-label={t('users.name')} className="strong">
                      {user.name}
                      {user.mustChangePassword && <span className="badge">{t('users.mustChangePassword')}</span>}
                    </td>
                    <td data-label={t('users.unit')}>{user.unit}</td>
                    <td data-label={t('users.email')}>{user.email}</td>
                    <td data-label={t('users.role')}>{t(`role.${user.role}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </main>
  );
}

function TemporaryPassword({ created }: { created: CreateUserResponse }) {
  return (
    <div className="notice" role="status" data-testid="user-created">
      <p>{t('users.created', { name: created.user.name })}</p>
      <p>
        {t('users.temporaryPassword')}: <code data-testid="temporary-password">{created.temporaryPassword}</code>{' '}
        <CopyButton text={created.temporaryPassword} />
      </p>
      <p className="small">{t('users.temporaryPasswordNote')}</p>
    </div>
  );
}

function CreateUserForm({ onCreated }: { onCreated(result: CreateUserResponse): void }) {
  const [name, setName] = useState('');
  const [unit, setUnit] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.createUser({ name: name.trim(), unit: unit.trim(), email: email.trim(), role });
      onCreated(result);
      setName('');
      setUnit('');
      setEmail('');
      setRole('user');
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)}>
      <label>
        {t('users.name')}
        <input required minLength={2} maxLength={120} value={name} onChange={(e) => setName(e.target.value)} data-testid="user-name-input" />
      </label>
      <label>
        {t('users.unit')}
        <input required maxLength={200} value={unit} onChange={(e) => setUnit(e.target.value)} data-testid="user-unit-input" />
      </label>
      <label>
        {t('users.email')}
        <input type="email" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} data-testid="user-email-input" />
      </label>
      <label>
        {t('users.role')}
        <select value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="user-role-input">
          <option value="user">{t('role.user')}</option>
          <option value="operator">{t('role.operator')}</option>
        </select>
      </label>
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy} data-testid="user-submit">
        {busy ? t('common.saving') : t('users.submit')}
      </button>
    </form>
  );
}
