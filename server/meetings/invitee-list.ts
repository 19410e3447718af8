/**
 * The people invited once approved substitutes are counted (R2.5, D8.3). A substitute the chair approved is on the
 * invitation list for as long as whom they replace (a person, or a unit) is still invited: an edit of the list
 * that omits them keeps them, and one that removes whom they replace takes them off with it.
 */
export interface ApprovedSubstitute {
  inviteeKind: 'person' | 'unit';
  /** The invited person or unit who is replaced. */
  inviteeId: string;
  substituteId: string;
}

export function withSubstitutes(inviteeIds: readonly string[], unitIds: readonly string[], substitutes: readonly ApprovedSubstitute[]): string[] {
  const persons = new Set(inviteeIds);
  const invitedUnits = new Set(unitIds);
  const stays = (s: ApprovedSubstitute) => (s.inviteeKind === 'unit' ? invitedUnits.has(s.inviteeId) : persons.has(s.inviteeId));
  const leaving = new Set(substitutes.filter((s) => !stays(s)).map((s) => s.substituteId));
  const staying = substitutes.filter(stays).map((s) => s.substituteId);
  return [...new Set([...inviteeIds.filter((id) => !leaving.has(id)), ...staying])];
}
