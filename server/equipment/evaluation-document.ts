/**
 * The yearly evaluation of the system's efficiency (D13.4, D22.2) as a Vietnamese administrative report — "BÁO CÁO",
 * the figures drawn from the records (meetings held with the unit's endpoints, hours of use, checklists and items
 * not ok, maintenance and its cost, devices broken), then the unit's own assessment and proposals, typed before
 * export — laid out by server/pdf/admin-document.ts. Pure: a view in, a document out.
 */
import type { ChecklistItemId, EvaluationView, MaintenanceKind } from '../../shared/api';
import type { AdminDocument, Block } from '../pdf/admin-document';
import { vnShortDate, vnTime } from '../pdf/vn-date';

/** The checklist's items in the report's words. */
export const CHECKLIST_ITEM_TEXT: Record<ChecklistItemId, string> = {
  power: 'Nguồn điện và điện dự phòng',
  network: 'Kết nối mạng, đường truyền',
  codec: 'Máy tính, thiết bị đầu cuối (codec)',
  screen: 'Màn hình, máy chiếu',
  camera: 'Camera, hình ảnh',
  framing: 'Vị trí khung hình theo sơ đồ chỗ ngồi',
  microphone: 'Micro',
  loudspeaker: 'Loa, âm thanh',
  clock: 'Đồng hồ, thời gian của phòng họp',
  security: 'Trang thiết bị an toàn, bảo mật',
  environment: 'Ánh sáng, nhiệt độ, độ ẩm; không có vật dễ cháy, chất lỏng gần thiết bị',
  disconnected: 'Đã ngắt kết nối khỏi hệ thống',
  devices_off: 'Đã tắt camera, micro và thiết bị đi kèm',
  power_off: 'Đã ngắt nguồn điện cung cấp cho hệ thống',
};

const MAINTENANCE_TEXT: Record<MaintenanceKind, string> = {
  periodic: 'bảo dưỡng định kỳ',
  repair: 'sửa chữa',
  replacement: 'thay thế',
  upgrade: 'nâng cấp',
};

/** `1.250.000` — `.` groups thousands (VIETNAMESE-CONVENTIONS.md). */
export const vnInteger = (n: number) => Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
/** `95,5` — `,` is the decimal mark. */
export const vnDecimal = (n: number) => {
  const [whole, frac] = (Math.round(n * 10) / 10).toFixed(1).split('.');
  return frac === '0' ? vnInteger(Number(whole)) : `${vnInteger(Number(whole))},${frac}`;
};

export interface EvaluationIssuer {
  unit: string;
  parentBody?: string;
  place: string;
  signer: { name: string; title: string };
}

const heading = (text: string): Block => ({ kind: 'paragraph', text: [{ text, bold: true }], indent: false, align: 'left' });
const paragraphs = (text: string): Block[] =>
  text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => ({ kind: 'paragraph', text: p }));

export function evaluationDocument(view: EvaluationView, written: { assessment: string; proposals: string; addressee?: string }, issuer: EvaluationIssuer, now: Date): AdminDocument {
  const t = view.totals;
  const scope = view.unit ? view.unit.name : 'tất cả các đơn vị có điểm cầu';
  const share = t.checklistsExpected ? `${vnDecimal((100 * t.checklists) / t.checklistsExpected)} %` : 'không có cuộc họp';
  const byKind = (Object.keys(t.maintenanceByKind) as MaintenanceKind[])
    .filter((k) => t.maintenanceByKind[k] > 0)
    .map((k) => `${t.maintenanceByKind[k]} lần ${MAINTENANCE_TEXT[k]}`)
    .join('; ');
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `Thực hiện quy định về việc hằng năm tổ chức đánh giá hiệu quả hoạt động của hệ thống giao ban điện tử, ${issuer.unit} báo cáo kết quả năm ${view.year}${scope === issuer.unit ? '' : ` của ${scope}`} như sau. Các số liệu dưới đây được hệ thống tổng hợp từ lịch họp, phiếu kiểm tra thiết bị trước và sau cuộc họp, sổ theo dõi bảo trì và danh mục tài sản lúc ${vnTime(now)} ngày ${vnShortDate(now)}.`,
    },
    heading('I. TÌNH HÌNH QUẢN LÝ, VẬN HÀNH VÀ SỬ DỤNG'),
    heading('1. Số liệu chung'),
    {
      kind: 'table',
      columns: [
        { header: 'Nội dung', width: 3 },
        { header: 'Số liệu', width: 2, align: 'right' },
      ],
      rows: [
        ['Số điểm cầu', vnInteger(t.endpoints)],
        ['Số cuộc họp đã tổ chức có điểm cầu tham gia', vnInteger(t.meetingsHeld)],
        ['Tổng số giờ sử dụng của các điểm cầu', vnDecimal(t.hoursOfUse)],
        ['Phiếu kiểm tra thiết bị trước và sau cuộc họp đã lập', `${vnInteger(t.checklists)}/${vnInteger(t.checklistsExpected)} (${share})`],
        ['Số hạng mục đã kiểm tra / không đạt', `${vnInteger(t.itemsChecked)} / ${vnInteger(t.itemsNotOk)}`],
        ['Số lần bảo trì, sửa chữa, thay thế, nâng cấp', byKind ? `${vnInteger(t.maintenance)} (${byKind})` : vnInteger(t.maintenance)],
        ['Kinh phí bảo trì, sửa chữa (đồng)', vnInteger(t.cost)],
        ['Thiết bị đang quản lý / hỏng / đã thanh lý', `${vnInteger(t.devices)} / ${vnInteger(t.devicesBroken)} / ${vnInteger(t.devicesRetired)}`],
      ],
      fontSize: 12,
    },
    heading('2. Theo từng điểm cầu'),
    view.endpoints.length
      ? {
          kind: 'table',
          columns: [
            { header: 'STT', width: 0.8, align: 'center' },
            { header: 'Điểm cầu', width: 2.8 },
            { header: 'Số cuộc họp', width: 1, align: 'right' },
            { header: 'Số giờ', width: 1, align: 'right' },
            { header: 'Phiếu kiểm tra', width: 1, align: 'right' },
            { header: 'Hạng mục không đạt', width: 1.1, align: 'right' },
            { header: 'Bảo trì', width: 0.9, align: 'right' },
            { header: 'Kinh phí (đồng)', width: 1.5, align: 'right' },
            { header: 'Thiết bị hỏng', width: 1, align: 'right' },
          ],
          rows: view.endpoints.map((e, i) => [
            String(i + 1),
            view.unit && e.endpoint.unit === view.unit.name ? e.endpoint.name : `${e.endpoint.name} (${e.endpoint.unit})`,
            vnInteger(e.meetingsHeld),
            vnDecimal(e.hoursOfUse),
            vnInteger(e.checklists),
            vnInteger(e.itemsNotOk),
            vnInteger(e.maintenance),
            vnInteger(e.cost),
            vnInteger(e.devicesBroken),
          ]),
          fontSize: 11,
        }
      : { kind: 'paragraph', text: 'Không có điểm cầu.' },
    heading('3. Các hạng mục kiểm tra không đạt'),
    view.notOkItems.length
      ? {
          kind: 'table',
          columns: [
            { header: 'Hạng mục', width: 4 },
            { header: 'Số lần không đạt', width: 1.5, align: 'right' },
          ],
          rows: view.notOkItems.map((n) => [CHECKLIST_ITEM_TEXT[n.item] ?? n.item, vnInteger(n.count)]),
          fontSize: 12,
        }
      : { kind: 'paragraph', text: 'Không có hạng mục nào không đạt trong các phiếu kiểm tra đã lập.' },
    heading('II. ĐÁNH GIÁ HIỆU QUẢ HOẠT ĐỘNG'),
    ...paragraphs(written.assessment),
  ];
  if (written.proposals.trim()) blocks.push(heading('III. KIẾN NGHỊ, ĐỀ XUẤT'), ...paragraphs(written.proposals));
  blocks.push({ kind: 'paragraph', text: `Trên đây là báo cáo đánh giá hiệu quả hoạt động của hệ thống giao ban điện tử năm ${view.year} của ${issuer.unit}./.` });
  return {
    header: { unit: issuer.unit, parentBody: issuer.parentBody, place: issuer.place, date: now },
    type: 'Báo cáo',
    subject: `Đánh giá hiệu quả hoạt động của hệ thống giao ban điện tử năm ${view.year}`,
    addressees: written.addressee ? [written.addressee] : undefined,
    blocks,
    signature: { title: issuer.signer.title, name: issuer.signer.name },
    recipients: written.addressee ? ['Như trên;', 'Lãnh đạo đơn vị;'] : ['Lãnh đạo đơn vị;'],
    fontSize: 13,
  };
}
