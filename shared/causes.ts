/**
 * Why a meeting or an endpoint fell short of requirements, from the fixed list of the quarterly report's notes
 * (M's appendix: "do chất lượng đường truyền / do trang thiết bị đầu, cuối / do thao tác sử dụng phần mềm, ...").
 * Incidents (R3.10, R5.4) and the judgment at the end of a meeting use the same list, so the report's notes can
 * count them together. Labels are i18n keys `cause.<id>`.
 */
import { z } from 'zod';

export const shortfallCauses = ['transmission', 'endpoint_equipment', 'software_operation', 'other'] as const;
export type ShortfallCause = (typeof shortfallCauses)[number];
export const shortfallCause = z.enum(shortfallCauses);
