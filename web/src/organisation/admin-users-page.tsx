/**
 * People and their accounts (R1.2, R1.3). The operator manages everyone; an organiser the people of their unit and
 * the units under it, giving only the roles they may give. Each person belongs to a unit and holds a title of
 * office shown before the name; the list sorts by unit, title of office and given name and searches with or without diacritics. A new
 * account's temporary password is shown once.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { CreateUserResponse, Role, UnitView, UpdateUserBody, UserView } from '../../../shared/api';
import { organisationApi } from './api-organisation';
import { CopyButton } from '../components/copy-button';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { PeopleImportForm } from './people-import-form';
import { unitSubtree } from '../endpoints/endpoint-format';
import { sortPeople } from '../../../shared/people-order';
import { t } from '../i18n';
import { grantableRoles, managedUnits, matchesPerson, mayEdit, nameWithTitle, roleLabel } from './organisation-format';
import { useSession } from '../session';
import { useLoad } from '../use-load';
import { Link } from '../router';
import { UnitSelect } from '../endpoints/endpoint-fields';
import { EndSessionsButton } from '../auth/user-security-page';

export function AdminUsersPage() {
  const { user: me } = useSession();
  const { data: users, error: loadError, reload } = useLoad(organisationApi.users, 'users');
  const { data: units, error: unitsError } = useLoad(organisationApi.units, 'units');
  const [created, setCreated] = useState<CreateUserResponse | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [unitFilter, setUnitFilter] = useState('');
  const [roleFilter, setRoleFilter] = useState<Role | ''>('');

  const managed = useMemo(() => (me && units ? managedUnits(units, me) : []), [me, units]);
  const managedIds = useMemo(() => new Set(managed.map((u) => u.id)), [managed]);
  const roles = me ? grantableRoles(me) : [];
  const shown = useMemo(() => {
    if (!users) return [];
    const inUnits = unitFilter ? unitSubtree(units ?? [], unitFilter) : null;
    return sortPeople(users).filter((u) => (!inUnits || inUnits.has(u.unitId)) && (!roleFilter || u.role === roleFilter) && matchesPerson(u, query));
  }, [users, units, unitFilter, roleFilter, query]);

  if (!me) return null;

  return (
    <main className="page">
      <h1>{t('users.title')}</h1>
      <p className="muted">{me.role === 'operator' ? t('users.introOperator') : t('users.introOrganiser')}</p>
      <div className="columns">
        <section className="card">
          <h2>{t('users.createTitle')}</h2>
          <CreateUserForm
            units={managed}
            roles={roles}
            defaultUnitId={me.role === 'organiser' ? me.unitId : ''}
            onCreated={(result) => {
              setCreated(result);
              setSaved(null);
              reload();
            }}
          />
          {created && <TemporaryPassword created={created} />}
          <h2>{t('users.importTitle')}</h2>
          <PeopleImportForm
            onImported={(count, links) => {
              setCreated(null);
              setSaved(t('users.imported', { count, links }));
              reload();
            }}
          />
        </section>
        <section>
          <ErrorMessage error={loadError ?? unitsError} />
          {saved && (
            <p className="notice" role="status" data-testid="user-saved">
              {saved}
            </p>
          )}
          <div className="filters">
            <label>
              {t('users.search')}
              <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('users.searchPlaceholder')} data-testid="user-search" />
            </label>
            <label>
              {t('users.unit')}
              <UnitSelect units={managed} value={unitFilter} onChange={setUnitFilter} placeholder={t('users.allUnits')} testId="user-unit-filter" />
            </label>
            <label>
              {t('users.role')}
              <select value={roleFilter} onChange={(e) => setRoleFilter(e.target.value as Role | '')} data-testid="user-role-filter">
                <option value="">{t('users.allRoles')}</option>
                {grantableRoles({ role: 'operator' }).map((r) => (
                  <option key={r} value={r}>
                    {roleLabel(r)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {!users && !loadError && <p className="muted">{t('common.loading')}</p>}
          {users && <p className="muted small">{t('users.count', { count: shown.length })}</p>}
          {users && users.length === 0 && <p className="muted">{t('users.empty')}</p>}
          {users && users.length > 0 && shown.length === 0 && <p className="muted">{t('users.noMatch')}</p>}
          {shown.length > 0 && (
            <table className="list" data-testid="user-list">
              <thead>
                <tr>
                  <th>{t('users.name')}</th>
                  <th>{t('users.unit')}</th>
                  <th>{t('users.contact')}</th>
                  <th>{t('users.role')}</th>
                  <th>{t('users.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((person) => (
                  <PersonRow
                    key={person.id}
                    person={person}
                    me={me}
                    units={managed}
                    roles={roles}
                    editable={mayEdit(me, person, managedIds)}
                    onSaved={(updated) => {
                      setSaved(t('users.saved', { name: updated.name }));
                      setCreated(null);
                      reload();
                    }}
                  />
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </main>
  );
}

function PersonRow(props: { person: UserView; me: UserView; units: UnitView[]; roles: Role[]; editable: boolean; onSaved(user: UserView): void }) {
  const { person } = props;
  const [editing, setEditing] = useState(false);
  return (
    <>
      <tr data-testid="user-item" data-email={person.email} data-id={person.id} className={person.disabled ? 'disabled-account' : undefined}>
        <td data-label={t('users.name')} className="strong">
          <span data-testid="user-display-name">
            {person.title && <span className="person-title">{person.title} </span>}
            {person.name}
          </span>
          {person.mustChangePassword && <span className="badge">{t('users.mustChangePassword')}</span>}
          {person.disabled && (
            <span className="badge" data-testid="user-disabled">
              {t('users.disabledBadge')}
            </span>
          )}
          {person.hasSecondFactor && <span className="badge">{t('users.secondFactor')}</span>}
        </td>
        <td data-label={t('users.unit')}>{person.unit}</td>
        <td data-label={t('users.contact')}>
          {person.email}
          {person.phone && <div className="muted small">{person.phone}</div>}
        </td>
        <td data-label={t('users.role')} data-testid="user-role" data-role={person.role}>
          {roleLabel(person.role)}
        </td>
        <td data-label={t('users.actions')}>
          {props.editable && !editing && (
            <button type="button" className="secondary small" onClick={() => setEditing(true)} data-testid="user-edit">
              {t('users.edit')}
            </button>
          )}
          {props.editable && !editing && person.id !== props.me.id && person.role !== 'endpoint' && !person.disabled && <SendLinkButton person={person} />}
          {/* the operator's side of R1.3 and the leak response R6.4: sessions, sign-in log, ending them all */}
          {props.me.role === 'operator' && (
            <>
              {' '}
              <Link to={`/admin/users/${person.id}/security`} className="small" data-testid="user-security">
                {t('account.security')}
              </Link>{' '}
              {person.id !== props.me.id && <EndSessionsButton userId={person.id} name={person.name} />}
            </>
          )}
        </td>
      </tr>
      {editing && (
        <tr className="row-detail">
          <td colSpan={5}>
            <EditUserForm
              person={person}
              self={person.id === props.me.id}
              units={props.units}
              roles={props.roles}
              onCancel={() => setEditing(false)}
              onSaved={(user) => {
                setEditing(false);
                props.onSaved(user);
              }}
            />
          </td>
        </tr>
      )}
    </>
  );
}

function EditUserForm(props: { person: UserView; self: boolean; units: UnitView[]; roles: Role[]; onCancel(): void; onSaved(user: UserView): void }) {
  const { person } = props;
  const [unitId, setUnitId] = useState(person.unitId);
  const [title, setTitle] = useState(person.title);
  const [phone, setPhone] = useState(person.phone);
  const [role, setRole] = useState<Role>(person.role);
  const [disabled, setDisabled] = useState(person.disabled);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  // The unit list holds the units the editor manages; the person's own unit is there unless they edit themselves.
  const units = props.units.some((u) => u.id === person.unitId) ? props.units : [{ id: person.unitId, parentId: null, code: '', name: person.unit, people: 0, meetings: 0 }, ...props.units];
  const roles = props.roles.includes(person.role) ? props.roles : [person.role, ...props.roles];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body: UpdateUserBody = {
      ...(unitId !== person.unitId ? { unitId } : {}),
      ...(title.trim() !== person.title ? { title: title.trim() } : {}),
      ...(phone.trim() !== person.phone ? { phone: phone.trim() } : {}),
      ...(role !== person.role ? { role } : {}),
      ...(disabled !== person.disabled ? { disabled } : {}),
    };
    if (Object.keys(body).length === 0) return props.onCancel();
    setBusy(true);
    setError(null);
    try {
      props.onSaved(await organisationApi.updateUser(person.id, body));
    } catch (caught) {
      setError(toShownError(caught));
      setBusy(false);
    }
  };

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} data-testid="user-edit-form">
      <h3>{t('users.editTitle', { name: nameWithTitle(person) })}</h3>
      <div className="row">
        <label>
          {t('users.unit')}
          <UnitSelect units={units} value={unitId} onChange={setUnitId} placeholder={t('users.chooseUnit')} testId="user-edit-unit" required />
        </label>
        <label>
          {t('users.jobTitle')}
          <input maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('users.jobTitlePlaceholder')} data-testid="user-edit-title" />
        </label>
        <label>
          {t('users.phone')}
          <input type="tel" maxLength={40} value={phone} onChange={(e) => setPhone(e.target.value)} data-testid="user-edit-phone" />
        </label>
        <label>
          {t('users.role')}
          <select value={role} disabled={props.self} onChange={(e) => setRole(e.target.value as Role)} data-testid="user-edit-role">
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {props.self ? (
        <p className="small muted">{t('users.ownAccountNote')}</p>
      ) : (
        <label className="check">
          <input type="checkbox" checked={disabled} onChange={(e) => setDisabled(e.target.checked)} data-testid="user-edit-disabled" />
          <span>
            {t('users.disable')} <span className="small muted">— {t('users.disableNote')}</span>
          </span>
        </label>
      )}
      <ErrorMessage error={error} />
      <div className="actions start">
        <button type="submit" disabled={busy} data-testid="user-edit-save">
          {busy ? t('common.saving') : t('users.save')}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function TemporaryPassword({ created }: { created: CreateUserResponse }) {
  return (
    <div className="notice" role="status" data-testid="user-created">
      <p>{t('users.created', { name: nameWithTitle(created.user) })}</p>
      <p>
        {t('users.temporaryPassword')}: <code data-testid="temporary-password">{created.temporaryPassword}</code>{' '}
        <CopyButton text={created.temporaryPassword} />
      </p>
      <p className="small">{t('users.temporaryPasswordNote')}</p>
    </div>
  );
}

function CreateUserForm({ units, roles, defaultUnitId, onCreated }: { units: UnitView[]; roles: Role[]; defaultUnitId: string; onCreated(result: CreateUserResponse): void }) {
  const [name, setName] = useState('');
  const [title, setTitle] = useState('');
  const [unitId, setUnitId] = useState(defaultUnitId);
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [role, setRole] = useState<Role>('delegate');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!unitId) {
      setError('users.unitRequired');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await organisationApi.createUser({ name: name.trim(), title: title.trim(), unitId, email: email.trim(), phone: phone.trim(), role });
      onCreated(result);
      setName('');
      setTitle('');
      setEmail('');
      setPhone('');
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="user-create-form">
      <label>
        {t('users.name')}
        <input required minLength={2} maxLength={120} value={name} onChange={(e) => setName(e.target.value)} data-testid="user-name-input" />
      </label>
      <label>
        {t('users.jobTitle')}
        <input maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('users.jobTitlePlaceholder')} data-testid="user-title-input" />
      </label>
      <label>
        {t('users.unit')}
        <UnitSelect units={units} value={unitId} onChange={setUnitId} placeholder={t('users.chooseUnit')} testId="user-unit-input" required />
      </label>
      <label>
        {t('users.email')}
        <input type="email" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} data-testid="user-email-input" />
      </label>
      <label>
        {t('users.phone')}
        <input type="tel" maxLength={40} value={phone} onChange={(e) => setPhone(e.target.value)} data-testid="user-phone-input" />
      </label>
      <label>
        {t('users.role')}
        <select value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="user-role-input">
          {roles.map((r) => (
            <option key={r} value={r}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
      </label>
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy} data-testid="user-submit">
        {busy ? t('common.saving') : t('users.submit')}
      </button>
    </form>
  );
}

/** A new one-time sign-in link by mail (an imported person whose link expired, or who lost their password). */
function SendLinkButton({ person }: { person: UserView }) {
  const [state, setState] = useState<'idle' | 'busy' | 'sent'>('idle');
  const [error, setError] = useState<ShownError | null>(null);
  const send = async () => {
    setState('busy');
    setError(null);
    try {
      await organisationApi.sendSignInLink(person.id);
      setState('sent');
    } catch (caught) {
      setError(toShownError(caught));
      setState('idle');
    }
  };
  if (state === 'sent')
    return (
      <span className="small" role="status" data-testid="user-link-sent">
        {' '}
        {t('users.linkSent', { email: person.email })}
      </span>
    );
  return (
    <>
      {' '}
      <button type="button" className="secondary small" disabled={state === 'busy'} onClick={() => void send()} data-testid="user-send-link">
        {t('users.sendLink')}
      </button>
      <ErrorMessage error={error} />
    </>
  );
}
