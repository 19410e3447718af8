/**
 * The operator's first run (issue 15): the first steps of an empty system, each computed from the data, so the
 * list fills as the work is done.
 */

/** In the order they are done. */
export const setupStepIds = ['units', 'people', 'endpoints', 'mail', 'holidays'] as const;
export type SetupStepId = (typeof setupStepIds)[number];

export interface SetupStep {
  id: SetupStepId;
  done: boolean;
  /**
   * What was counted: units besides the operators' own; people's accounts (not operators, not rooms); endpoints, and
   * `missing` of them without a technician; `mail`: 1 when a mail server is configured (SMTP_URL); `holidays`:
   * the operator's changes to this year's holidays and later.
   */
  count: number;
  missing?: number;
}

// GET /api/onboarding (operator) → SetupChecklist | forbidden
export interface SetupChecklist {
  steps: SetupStep[];
  /** Every step done. */
  done: boolean;
  /** The year the holidays step is about (this year in Vietnam). */
  year: number;
}
