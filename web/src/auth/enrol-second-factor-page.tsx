import { SecondFactorEnrolment } from './second-factor';
import { t } from '../i18n';
import { useSession } from '../session';

/** Shown instead of every page while an operator has no second factor (R1.3). */
export function EnrolSecondFactorPage() {
  const { refresh } = useSession();
  return (
    <main className="page narrow">
      <div className="card">
        <h1>{t('secondFactor.title')}</h1>
        <p>{t('secondFactor.forcedIntro')}</p>
        {/* once confirmed, `me` no longer asks for enrolment and the page the user asked for appears */}
        <SecondFactorEnrolment onDone={refresh} />
      </div>
    </main>
  );
}
