import { describe, expect, it } from 'vitest';
import { withSubstitutes, type ApprovedSubstitute } from './invitee-list';

const byPerson: ApprovedSubstitute = { inviteeKind: 'person', inviteeId: 'head', substituteId: 'deputy' };
const byUnit: ApprovedSubstitute = { inviteeKind: 'unit', inviteeId: 'district', substituteId: 'clerk' };

describe('R2.5 D8.3 approved substitutes on an edited invitation list', () => {
  it('an edit that omits an approved substitute keeps them while whom they replace is invited', () => {
    expect(withSubstitutes(['head', 'other'], ['district'], [byPerson, byUnit]).sort()).toEqual(['clerk', 'deputy', 'head', 'other']);
  });
  it('removing the person or the unit replaced takes their substitute off too', () => {
    expect(withSubstitutes(['other', 'deputy', 'clerk'], [], [byPerson, byUnit])).toEqual(['other']);
  });
  it('without substitutes the list is the one given, once each', () => {
    expect(withSubstitutes(['a', 'b', 'a'], ['u'], [])).toEqual(['a', 'b']);
  });
});
