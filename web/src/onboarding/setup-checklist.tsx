/**
 * On the operator's home page while the system is not set up: the first steps, each ticked by what the data
 * says (units, people, rooms with their technicians, the mail server, this year's holidays), with the page where
 * it is done.
 */
import type { SetupStep, SetupStepId } from '../../../shared/api';
import { t, type MessageKey } from '../i18n';
import { Link } from '../router';
import { useLoad } from '../use-load';
import { onboardingApi } from './api-onboarding';

/** Where each step is done; the mail server is set in the server's configuration, not on a page. */
const stepPage: Record<SetupStepId, string | null> = {
  units: '/admin/units',
  people: '/admin/users',
  endpoints: '/admin/endpoints',
  mail: '/admin/outbox',
  holidays: '/admin/holidays',
};

function stepState(step: SetupStep, year: number): string {
  const key = `setup.${step.id}.${step.done ? 'done' : 'todo'}` as MessageKey;
  return t(key, { count: step.count, missing: step.missing ?? 0, year });
}

export function SetupChecklist() {
  const { data } = useLoad(onboardingApi.checklist, 'setup-checklist');
  if (!data || data.done) return null;
  const done = data.steps.filter((s) => s.done).length;
  return (
    <section className="card setup-checklist" aria-labelledby="setup-title" data-testid="setup-checklist">
      <h2 id="setup-title">{t('setup.title')}</h2>
      <p className="small muted" data-testid="setup-progress">
        {t('setup.progress', { done, total: data.steps.length })}
      </p>
      <ol className="setup-steps">
        {data.steps.map((step) => {
          const page = stepPage[step.id];
          const label = t(`setup.${step.id}` as MessageKey, { year: data.year });
          return (
            <li key={step.id} className={step.done ? 'done' : 'todo'} data-testid="setup-step" data-step={step.id} data-done={step.done}>
              <span className="setup-mark" aria-hidden="true">
                {step.done ? '✓' : ''}
              </span>
              <span className="setup-text">
                <span className="strong">{page ? <Link to={page}>{label}</Link> : label}</span>
                <span className="visually-hidden">{step.done ? t('setup.stateDone') : t('setup.stateTodo')}</span>
                <span className="small muted setup-detail">{stepState(step, data.year)}</span>
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
