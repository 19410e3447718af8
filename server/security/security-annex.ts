/**
 * The dossier's annex (R6.2, M11.2c): the security settings as a Vietnamese administrative document — "PHỤ LỤC"
 * with one table per group of measures — laid out by server/pdf/admin-document.ts. Pure: a view in, a document out.
 */
import type { SecuritySettingsView } from '../../shared/api';
import type { AdminDocument, Block } from '../pdf/admin-document';
import { vnShortDate, vnTime } from '../pdf/vn-date';

const HTTPS_TEXT: Record<SecuritySettingsView['transport']['https'], string> = {
  off: 'Không bật trên máy chủ (chỉ dùng sau bộ cân bằng tải có TLS hoặc trong mạng nội bộ)',
  'self-signed': 'Bật, chứng thư tự ký',
  files: 'Bật, chứng thư do cơ quan cấp',
};

const at = (iso: string) => `${vnTime(new Date(iso))} ${vnShortDate(new Date(iso))}`;

function table(rows: [string, string][]): Block {
  return {
    kind: 'table',
    columns: [
      { header: 'Biện pháp', width: 2 },
      { header: 'Thiết lập đang áp dụng', width: 3 },
    ],
    rows,
    fontSize: 12,
  };
}

const heading = (text: string): Block => ({ kind: 'paragraph', text: [{ text, bold: true }], indent: false, align: 'left' });

export interface AnnexIssuer {
  unit: string;
  parentBody?: string;
  place: string;
  signer: { name: string; title: string };
}

export function securityAnnex(view: SecuritySettingsView, issuer: AnnexIssuer): AdminDocument {
  const { transport, accounts, audit, secrets, backups, media, versions } = view;
  const cert = transport.certificate;
  return {
    header: { unit: issuer.unit, parentBody: issuer.parentBody, place: issuer.place, date: new Date(view.generatedAt) },
    type: 'Phụ lục',
    subject: 'Các biện pháp bảo đảm an toàn thông tin của Hệ thống họp trực tuyến',
    blocks: [
      {
        kind: 'paragraph',
        text: `Các thiết lập dưới đây được hệ thống đọc trực tiếp từ cấu hình đang chạy, cơ sở dữ liệu và nhật ký kiểm tra lúc ${at(view.generatedAt)}.`,
      },
      heading('1. Kết nối và mã hóa đường truyền'),
      table([
        ['HTTPS (TLS)', HTTPS_TEXT[transport.https]],
        ['Địa chỉ công bố', transport.publicUrl ?? 'Chưa đặt'],
        ['Chứng thư số', cert ? `${cert.subject}; cấp bởi ${cert.issuer}; hết hạn ${at(cert.validTo)} (còn ${cert.daysLeft} ngày)` : 'Không có'],
        ['Tiêu đề bảo mật gửi kèm mọi trả lời', transport.headers.join('; ')],
        ['Truyền thông đa phương tiện', 'WebRTC: DTLS-SRTP bắt buộc (mã hóa âm thanh, hình ảnh)'],
      ]),
      heading('2. Tài khoản và xác thực'),
      table([
        ['Mật khẩu', `Tối thiểu ${accounts.passwordMinLength} ký tự, có chữ và số, khác địa chỉ thư; lưu dạng băm ${accounts.passwordHashing}`],
        ['Xác thực hai yếu tố (TOTP)', `${accounts.secondFactor.requiredForOperators ? 'Bắt buộc với quản trị hệ thống' : 'Không bắt buộc'}; ${accounts.secondFactor.enrolled}/${accounts.secondFactor.accounts} tài khoản đã đăng ký`],
        ['Thời hạn phiên đăng nhập', `${accounts.sessionHours} giờ`],
        ['Khóa tài khoản khi nhập sai', `${accounts.lockout.failures} lần sai liên tiếp: khóa ${accounts.lockout.minutes} phút`],
        ['Giới hạn thử mật khẩu theo địa chỉ', `${accounts.guessesPerMinute} lần mỗi phút`],
        ['Mật khẩu cuộc họp', `${accounts.meetingPassword.failures} lần sai trong ${accounts.meetingPassword.windowMinutes} phút: tạm dừng`],
      ]),
      heading('3. Nhật ký kiểm tra'),
      table([
        ['Chuỗi băm của nhật ký', audit.ok ? `Nguyên vẹn: đã kiểm tra ${audit.checked} mục` : `BỊ PHÁ VỠ sau ${audit.checked} mục`],
        ['Mốc ký lưu ngoài cơ sở dữ liệu', audit.anchorKept ? 'Có' : 'Chưa có'],
        ['Đầu chuỗi hiện tại', audit.head ?? 'Nhật ký trống'],
      ]),
      heading('4. Bảo vệ dữ liệu bí mật'),
      table([
        ['Mã hóa bí mật lưu trữ', `${secrets.sealing}; khóa ${secrets.source === 'configuration' ? 'trong cấu hình máy chủ' : 'trong thư mục dữ liệu (quyền 0600)'}${secrets.previousKeys ? `; ${secrets.previousKeys} khóa cũ đang được thay` : ''}`],
        ['Sao lưu gần nhất', backups.last ? `${backups.last.name}, ${at(backups.last.at)}, ${(backups.last.sizeBytes / 1_048_576).toFixed(1)} MB` : 'Chưa có bản sao lưu trong thư mục mặc định'],
      ]),
      heading('5. Máy chủ đa phương tiện'),
      table([
        ['Giao diện điều khiển Janus', media.janusApi === 'unix' ? 'Chỉ qua socket UNIX cục bộ, không mở cổng mạng' : 'Cổng TCP cục bộ, có khóa quản trị'],
        ['Phòng họp trên Janus', media.meetingRoomsPrivate ? 'Riêng tư, có mật khẩu phòng ngẫu nhiên do máy chủ giữ' : 'Công khai'],
        ['Trạng thái', media.janusAvailable ? 'Đang hoạt động' : 'Không sẵn sàng'],
      ]),
      heading('6. Phiên bản các thành phần'),
      table(versions.map((v) => [v.name, v.version])),
    ],
    signature: { title: issuer.signer.title, name: issuer.signer.name },
    recipients: ['Hồ sơ đề xuất cấp độ an toàn hệ thống thông tin;'],
    fontSize: 13,
  };
}
