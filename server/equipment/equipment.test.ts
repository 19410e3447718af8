/** The equipment rules and the evaluation report as pure functions (R5.3, D13.4). */
import { describe, expect, it } from 'vitest';
import { checklistBody, checklistItems, deviceBody, maintenanceBody, type EvaluationView } from '../../shared/api';
import type { Actor } from '../organisation/organisation.policy';
import { UnitTree } from '../organisation/unit-tree';
import { equipmentPolicy } from './equipment.policy';
import { CHECKLIST_ITEM_TEXT, evaluationDocument, vnDecimal, vnInteger } from './evaluation-document';

const tree = new UnitTree([
  { id: 'tinh', parentId: null, name: 'UBND tỉnh' },
  { id: 'so-yt', parentId: 'tinh', name: 'Sở Y tế' },
  { id: 'huyen', parentId: 'tinh', name: 'UBND huyện Cư Jút' },
  { id: 'xa', parentId: 'huyen', name: 'UBND xã Tâm Thắng' },
]);
const actor = (role: Actor['role'], unitId: string) => ({ id: `${role}-${unitId}`, role, unitId, unitName: '' }) as unknown as Actor;
const roomOf = (unitId: string, assigned = false) => ({ unitId, assigned });

describe('equipment policy (R5.3)', () => {
  it('the operator, the unit office above the room and its technicians keep the records', () => {
    expect(equipmentPolicy.edit(actor('operator', 'so-yt'), roomOf('xa'), tree)).toBe(true);
    expect(equipmentPolicy.edit(actor('organiser', 'huyen'), roomOf('xa'), tree)).toBe(true);
    expect(equipmentPolicy.edit(actor('technician', 'xa'), roomOf('xa'), tree)).toBe(true);
    expect(equipmentPolicy.edit(actor('technician', 'so-yt'), roomOf('xa', true), tree)).toBe(true);
  });

  it('others of the unit read only; other units, guests and rooms neither', () => {
    for (const role of ['delegate', 'secretary'] as const) {
      expect(equipmentPolicy.edit(actor(role, 'xa'), roomOf('xa'), tree), role).toBe(false);
      expect(equipmentPolicy.read(actor(role, 'xa'), roomOf('xa'), tree), role).toBe(true);
      expect(equipmentPolicy.read(actor(role, 'huyen'), roomOf('xa'), tree), role).toBe(false);
    }
    expect(equipmentPolicy.edit(actor('technician', 'huyen'), roomOf('xa'), tree)).toBe(false);
    expect(equipmentPolicy.edit(actor('organiser', 'so-yt'), roomOf('xa'), tree)).toBe(false);
    expect(equipmentPolicy.read(actor('guest', 'xa'), roomOf('xa'), tree)).toBe(false);
    expect(equipmentPolicy.read(actor('endpoint', 'xa'), roomOf('xa'), tree)).toBe(false);
  });

  it('only a technician of the room (its unit, or assigned) and the operator fill its checklist', () => {
    expect(equipmentPolicy.fillChecklist(actor('technician', 'xa'), roomOf('xa'))).toBe(true);
    expect(equipmentPolicy.fillChecklist(actor('technician', 'tinh'), roomOf('xa', true))).toBe(true);
    expect(equipmentPolicy.fillChecklist(actor('operator', 'tinh'), roomOf('xa'))).toBe(true);
    expect(equipmentPolicy.fillChecklist(actor('technician', 'huyen'), roomOf('xa'))).toBe(false);
    for (const role of ['organiser', 'secretary', 'delegate', 'guest', 'endpoint'] as const) expect(equipmentPolicy.fillChecklist(actor(role, 'xa'), roomOf('xa')), role).toBe(false);
  });

  it('the evaluation: the operator of anything, an organiser of their units, nobody else', () => {
    expect(equipmentPolicy.evaluate(actor('operator', 'xa'), null, tree)).toBe(true);
    expect(equipmentPolicy.evaluate(actor('organiser', 'huyen'), 'xa', tree)).toBe(true);
    expect(equipmentPolicy.evaluate(actor('organiser', 'huyen'), null, tree)).toBe(false);
    expect(equipmentPolicy.evaluate(actor('organiser', 'huyen'), 'so-yt', tree)).toBe(false);
    expect(equipmentPolicy.evaluate(actor('technician', 'xa'), 'xa', tree)).toBe(false);
  });
});

describe('equipment input (R5.3)', () => {
  it('days exist and fall between 1900 and 2100; a warranty does not end before the service began', () => {
    expect(deviceBody.safeParse({ kind: 'camera', name: 'Camera', inServiceOn: '2024-02-29' }).success).toBe(true);
    for (const day of ['2023-02-29', '0000-01-01', '2101-01-01', '24-01-01', '2024-1-1']) expect(deviceBody.safeParse({ kind: 'camera', name: 'Camera', inServiceOn: day }).success, day).toBe(false);
    expect(deviceBody.safeParse({ kind: 'camera', name: 'Camera', inServiceOn: '2024-05-01', warrantyUntil: '2024-04-30' }).success).toBe(false);
    expect(maintenanceBody.safeParse({ doneOn: '2025-01-01', kind: 'repair', description: 'Sửa loa', doneBy: 'X', nextDueOn: '2025-01-01' }).success).toBe(false);
    expect(maintenanceBody.safeParse({ doneOn: '2025-01-01', kind: 'repair', description: 'Sửa loa', doneBy: 'X', cost: 1.5 }).success).toBe(false);
  });

  it('an item not ok says what is wrong; every item has its words for the report', () => {
    const items = checklistItems.before.map((item) => ({ item, ok: item !== 'power', note: '' }));
    expect(checklistBody.safeParse({ items }).success).toBe(false);
    expect(checklistBody.safeParse({ items: items.map((i) => (i.ok ? i : { ...i, note: 'Mất điện lưới, chạy máy phát' })) }).success).toBe(true);
    for (const item of [...checklistItems.before, ...checklistItems.after]) expect(CHECKLIST_ITEM_TEXT[item], item).toBeTruthy();
  });
});

describe('the evaluation report (D13.4)', () => {
  it('writes numbers the Vietnamese way', () => {
    expect([vnInteger(0), vnInteger(999), vnInteger(1000), vnInteger(1_250_000)]).toEqual(['0', '999', '1.000', '1.250.000']);
    expect([vnDecimal(3.5), vnDecimal(6), vnDecimal(1234.25), vnDecimal(0.04)]).toEqual(['3,5', '6', '1.234,3', '0']);
  });

  it('is a BÁO CÁO of the issuing unit, addressed when told, with the assessment and proposals as written', () => {
    const view: EvaluationView = {
      year: 2025,
      unit: { id: 'so-yt', name: 'Sở Y tế' },
      totals: { endpoints: 1, meetingsHeld: 4, hoursOfUse: 7.5, checklists: 6, checklistsExpected: 8, itemsChecked: 60, itemsNotOk: 1, maintenance: 1, maintenanceByKind: { periodic: 1, repair: 0, replacement: 0, upgrade: 0 }, cost: 1_500_000, devices: 5, devicesBroken: 0, devicesRetired: 1 },
      notOkItems: [{ item: 'clock', count: 1 }],
      endpoints: [{ endpoint: { id: 'p1', name: 'Phòng họp Sở Y tế', unit: 'Sở Y tế' }, meetingsHeld: 4, hoursOfUse: 7.5, checklists: 6, itemsNotOk: 1, maintenance: 1, cost: 1_500_000, devices: 5, devicesBroken: 0 }],
    };
    const doc = evaluationDocument(view, { assessment: 'Đoạn một.\n\nĐoạn hai.', proposals: '', addressee: 'Sở Thông tin và Truyền thông' }, { unit: 'Sở Y tế', place: 'Đắk Nông', signer: { name: 'Lê Văn A', title: 'Giám đốc' } }, new Date('2026-01-10T03:00:00Z'));
    expect(doc.type).toBe('Báo cáo');
    expect(doc.subject).toBe('Đánh giá hiệu quả hoạt động của hệ thống giao ban điện tử năm 2025');
    expect(doc.addressees).toEqual(['Sở Thông tin và Truyền thông']);
    expect(doc.recipients).toContain('Như trên;');
    const text = JSON.stringify(doc.blocks);
    expect(text).toContain('6/8 (75 %)');
    expect(text).toContain('1 (1 lần bảo dưỡng định kỳ)');
    expect(text).toContain('Đồng hồ, thời gian của phòng họp');
    expect(text).not.toContain('KIẾN NGHỊ');
    expect(doc.blocks.filter((b) => b.kind === 'paragraph' && (b.text === 'Đoạn một.' || b.text === 'Đoạn hai.'))).toHaveLength(2);
    // its own unit is not named twice in the opening
    expect(text).toContain('Sở Y tế báo cáo kết quả năm 2025 như sau');
  });
});
