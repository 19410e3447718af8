/**
 * Running the system between meetings (issue 17): the operator's security settings page and the dossier annex
 * (R6.2), and feedback from a unit answered by the operator (R5.5), as people see them.
 */
import { describe, expect, it } from 'vitest';
import { readPdf } from '../server/pdf/read-pdf';
import { createUser } from '../server/test/support';
import { openAdminItem } from './browser';
import { server, signedInPage, useBrowserSuite } from './harness';

useBrowserSuite();

describe('security settings in the browser (R6.2)', () => {
  it('R6.2 the operator reads the security settings in force and downloads them as the dossier annex', async () => {
    const page = await signedInPage('admin@giaoban.local', 'Operator-password-1');
    await openAdminItem(page, 'nav-security');
    await page.waitForURL((url) => url.pathname === '/admin/security');
    const accounts = page.getByTestId('security-accounts');
    await accounts.waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Thiết lập an toàn thông tin');
    const accountsText = (await accounts.textContent())!;
    expect(accountsText).toContain('Tối thiểu 10 ký tự');
    expect(accountsText).toContain('Bắt buộc với quản trị hệ thống');
    expect(await page.getByTestId('security-audit').textContent()).toMatch(/Nguyên vẹn: đã kiểm tra \d+ mục/);
    expect(await page.getByTestId('security-transport').textContent()).toContain("frame-ancestors 'none'");
    expect(await page.getByTestId('security-media').textContent()).toContain('Chỉ qua socket UNIX cục bộ');
    expect(await page.getByTestId('security-versions').textContent()).toContain('1.1.2');

    const annex = await page.request.get((await page.getByTestId('security-annex').getAttribute('href'))!);
    expect(annex.status()).toBe(200);
    const { text } = await readPdf(await annex.body());
    expect(text.replace(/\s+/g, ' ')).toContain('PHỤ LỤC');
  });
});

describe('feedback in the browser (R5.5)', () => {
  it('R5.5 a meeting room technician reports a fault; the operator answers and closes it; the technician reads the answer', async () => {
    const technician = await createUser(server, 'Hồ Thị Phản Hồi', 'Phòng Văn hóa huyện Đức Trọng', { role: 'technician' });
    const page = await signedInPage(technician.email, technician.password);
    await page.getByTestId('nav-feedback').click();
    await page.getByTestId('feedback-kind').selectOption('fault');
    await page.getByTestId('feedback-subject').fill('Mất tiếng khi chia sẻ màn hình');
    await page.getByTestId('feedback-body').fill('Khi chủ trì trình chiếu, điểm cầu huyện Đức Trọng mất tiếng khoảng 5 giây.');
    await page.getByTestId('feedback-send').click();
    await page.getByTestId('feedback-sent').waitFor();
    const mine = page.getByTestId('feedback-item').first();
    expect(await mine.getAttribute('data-status')).toBe('open');
    expect(await mine.textContent()).toContain('Chờ trả lời');

    const operator = await signedInPage('admin@giaoban.local', 'Operator-password-1');
    await operator.goto('/feedback');
    const item = operator.locator('[data-testid="feedback-item"]', { hasText: 'Mất tiếng khi chia sẻ màn hình' });
    expect(await item.textContent()).toContain('Phòng Văn hóa huyện Đức Trọng');
    expect(await item.textContent()).toContain('Báo lỗi');
    await item.getByTestId('feedback-answer-text').fill('Đã sửa cấu hình âm thanh khi trình chiếu; đề nghị kiểm tra lại ở cuộc họp tới.');
    await item.getByTestId('feedback-answer-close').click();
    await expect.poll(() => item.getAttribute('data-status')).toBe('closed');

    await page.reload();
    const answered = page.getByTestId('feedback-item').first();
    await expect.poll(() => answered.getAttribute('data-status')).toBe('closed');
    expect(await answered.getByTestId('feedback-answer').textContent()).toContain('Đã sửa cấu hình âm thanh khi trình chiếu');
    expect(await answered.textContent()).toContain('Đã đóng');
  });
});
