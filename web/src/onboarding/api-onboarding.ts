import type { SetupChecklist } from '../../../shared/api';
import { request } from '../api';

export const onboardingApi = {
  checklist: () => request<SetupChecklist>('GET', '/api/onboarding'),
};
