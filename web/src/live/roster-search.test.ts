import { describe, expect, it } from 'vitest';
import type { SpeakingRequestView } from '../../../shared/protocol';
import { person } from './participant-fixture';
import { groupByUnit } from './roster-groups';
import { filterCounts, findParticipants, findRequests, passesFilter, queuePlaces, rosterRows, searchable, type FilterContext } from './roster-search';

const noCtx: FilterContext = { requesting: new Set() };
const find = (query: string, people: ReturnType<typeof person>[]) => findParticipants(people, query).map((p) => p.name);

describe('search without diacritics', () => {
  const people = [
    person('Nguyễn Văn An', 'Sở Tài chính', { title: 'Giám đốc' }),
    person('Trần Thị Nguyệt', 'Sở Tài nguyên và Môi trường'),
    person('Lê Văn Đức', 'UBND huyện Cư Jút', { endpoint: 'Phòng họp UBND huyện Cư Jút', attendees: 'Phạm Văn Minh, Phó Chủ tịch' }),
    person('Đoàn Thị Hạnh', 'Sở Y tế', { title: 'Phó Giám đốc' }),
  ];

  it('finds a name typed without diacritics or capitals', () => {
    expect(find('nguyen van', people)).toEqual(['Nguyễn Văn An']);
    expect(find('NGUYEN VAN AN', people)).toEqual(['Nguyễn Văn An']);
    expect(find('Nguyễn Văn', people)).toEqual(['Nguyễn Văn An']);
    expect(find('duc', people)).toEqual(['Lê Văn Đức']);
    expect(find('doan', people)).toEqual(['Đoàn Thị Hạnh']);
  });

  it('finds a unit, a title, a room and the people present in a room', () => {
    expect(find('so tai chinh', people)).toEqual(['Nguyễn Văn An']);
    expect(find('so tai', people)).toEqual(['Nguyễn Văn An', 'Trần Thị Nguyệt']);
    expect(find('pho giam doc', people)).toEqual(['Đoàn Thị Hạnh']);
    expect(find('phong hop cu jut', people)).toEqual(['Lê Văn Đức']);
    expect(find('pham van minh', people)).toEqual(['Lê Văn Đức']);
  });

  it('matches words by their beginning, in any order, and not inside a word', () => {
    expect(find('an nguyen', people)).toEqual(['Nguyễn Văn An']);
    expect(find('nguy', people)).toEqual(['Nguyễn Văn An', 'Trần Thị Nguyệt']);
    // `an` begins `An`, not `Văn` or `Đoàn`.
    expect(find('an', people)).toEqual(['Nguyễn Văn An']);
    expect(find('xyz', people)).toEqual([]);
  });

  it('prefers the words as a phrase in one text: “nguyen van” is Nguyễn Văn …, not any Nguyễn with a Văn somewhere', () => {
    const roster = [
      person('Nguyễn Văn An', 'Sở Tài chính'),
      person('Nguyễn Thị Vân', 'Sở Y tế'),
      person('Trần Văn Nguyên', 'Sở Y tế'),
      person('Nguyễn Thành', 'Văn phòng UBND tỉnh'),
      person('Nguyễn Vạn Lộc', 'Sở Y tế'),
    ];
    expect(find('nguyen van', roster)).toEqual(['Nguyễn Văn An', 'Nguyễn Vạn Lộc']);
    expect(find('nguyen van an', roster)).toEqual(['Nguyễn Văn An']);
    // No phrase anywhere: the words in any order, across name, title and unit.
    expect(find('nguyen van phong', roster)).toEqual(['Nguyễn Thành']);
    expect(find('van nguyen', roster)).toEqual(['Trần Văn Nguyên']);
    expect(find('an nguyen', roster)).toEqual(['Nguyễn Văn An']);
    expect(find('thi nguyen', roster)).toEqual(['Nguyễn Thị Vân']);
    // A phrase does not run from one text into the next.
    expect(searchable('Nguyễn Văn An', 'Sở Tài chính')).toBe(' nguyen van an | so tai chinh');
    expect(find('an so', roster)).toEqual(['Nguyễn Văn An']);
  });

  it('matches everyone with an empty or blank query', () => {
    expect(find('', people)).toHaveLength(4);
    expect(find('  ,  ', people)).toHaveLength(4);
  });

  it('finds a speaking request by speaker, topic, or the one who asked', () => {
    const [an, , duc] = people;
    const byId = new Map(people.map((p) => [p.id, p]));
    const request = (participantId: string, speaker: string, topic = ''): SpeakingRequestView => ({ id: `r-${speaker}`, participantId, speaker, topic, requestedAt: '' });
    const queue = [request(an!.id, an!.name, 'Dự toán ngân sách 2027'), request(duc!.id, 'Phạm Văn Minh, Phó Chủ tịch', 'Giải phóng mặt bằng')];
    const found = (query: string) => findRequests(queue, query, byId).map((r) => r.speaker);
    expect(found('ngan sach')).toEqual(['Nguyễn Văn An']);
    expect(found('minh')).toEqual(['Phạm Văn Minh, Phó Chủ tịch']);
    expect(found('cu jut')).toEqual(['Phạm Văn Minh, Phó Chủ tịch']);
    expect(found('so tai chinh')).toEqual(['Nguyễn Văn An']);
    expect(found('')).toHaveLength(2);
  });
});

describe('filters', () => {
  const asking = person('Hồ Văn Hỏi', 'Sở Y tế');
  const audible = person('Ngô Văn Nói', 'Sở Y tế', { audible: true });
  const lost = person('Mai Thị Mất', 'Sở Y tế', { connection: 'lost' });
  const incomplete = person('Không Rõ', '', { identityIncomplete: true });
  const leaving = person('Tạ Văn Về', 'Sở Y tế', { leaveRequested: 'Đi công tác' });
  const roster = [asking, audible, lost, incomplete, leaving];
  const ctx: FilterContext = { requesting: new Set([asking.id]) };

  it('shows only those asking for the floor, audible, with a lost connection, incomplete, or asking to leave', () => {
    const names = (filter: Parameters<typeof passesFilter>[1]) => roster.filter((p) => passesFilter(p, filter, ctx)).map((p) => p.name);
    expect(names('requesting')).toEqual(['Hồ Văn Hỏi']);
    expect(names('audible')).toEqual(['Ngô Văn Nói']);
    expect(names('lost')).toEqual(['Mai Thị Mất']);
    expect(names('incomplete')).toEqual(['Không Rõ']);
    expect(names('leaving')).toEqual(['Tạ Văn Về']);
    expect(names(null)).toHaveLength(5);
  });

  it('counts each filter', () => {
    expect(filterCounts(roster, ctx)).toEqual({ requesting: 1, audible: 1, lost: 1, incomplete: 1, leaving: 1 });
  });

  it('numbers the queue by participant, first request first', () => {
    const r = (id: string, participantId: string): SpeakingRequestView => ({ id, participantId, speaker: '', topic: '', requestedAt: '' });
    expect([...queuePlaces([r('1', 'a'), r('2', 'b'), r('3', 'a')])]).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });
});

describe('the rows of the roster list', () => {
  const roster = [
    person('Nguyễn Bốn', 'UBND tỉnh', { isChair: true, role: 'chair', audible: true }),
    person('Trần Văn Năm', 'Sở Tài chính'),
    person('Nguyễn Thị Sáu', 'Sở Tài chính', { connection: 'lost' }),
    person('Lê Văn Bảy', 'Sở Y tế'),
  ];
  const groups = groupByUnit(roster);
  const shape = (rows: ReturnType<typeof rosterRows>['rows']) => rows.map((r) => (r.kind === 'unit' ? `# ${r.unit} ${r.shown}/${r.total}${r.collapsed ? ' +' : ''}` : r.participant.name));

  it('heads each unit with its count, then its lines', () => {
    const { rows, matches, firstPerson } = rosterRows(groups, { query: '', filter: null, ctx: noCtx, collapsed: new Set() });
    expect(shape(rows)).toEqual(['# UBND tỉnh 1/1', 'Nguyễn Bốn', '# Sở Tài chính 2/2', 'Trần Văn Năm', 'Nguyễn Thị Sáu', '# Sở Y tế 1/1', 'Lê Văn Bảy']);
    expect(matches).toBe(4);
    expect(firstPerson).toBe(1);
  });

  it('leaves out the units without a match, and counts the matches in each', () => {
    const { rows, matches, firstPerson } = rosterRows(groups, { query: 'nguyen', filter: null, ctx: noCtx, collapsed: new Set() });
    expect(shape(rows)).toEqual(['# UBND tỉnh 1/1', 'Nguyễn Bốn', '# Sở Tài chính 1/2', 'Nguyễn Thị Sáu']);
    expect(matches).toBe(2);
    expect(firstPerson).toBe(1);
    expect(shape(rosterRows(groups, { query: 'so tai chinh', filter: null, ctx: noCtx, collapsed: new Set() }).rows)).toEqual(['# Sở Tài chính 2/2', 'Trần Văn Năm', 'Nguyễn Thị Sáu']);
  });

  it('combines the query with a filter', () => {
    const { rows } = rosterRows(groups, { query: 'nguyen', filter: 'lost', ctx: noCtx, collapsed: new Set() });
    expect(shape(rows)).toEqual(['# Sở Tài chính 1/2', 'Nguyễn Thị Sáu']);
    expect(rosterRows(groups, { query: 'bay', filter: 'lost', ctx: noCtx, collapsed: new Set() })).toEqual({ rows: [], matches: 0, firstPerson: -1 });
  });

  it('folds a collapsed unit to its header, still counting its matches', () => {
    const { rows, matches, firstPerson } = rosterRows(groups, { query: '', filter: null, ctx: noCtx, collapsed: new Set(['UBND tỉnh', 'Sở Tài chính']) });
    expect(shape(rows)).toEqual(['# UBND tỉnh 1/1 +', '# Sở Tài chính 2/2 +', '# Sở Y tế 1/1', 'Lê Văn Bảy']);
    expect(matches).toBe(4);
    expect(firstPerson).toBe(3);
  });

  it('builds the rows of a thousand quickly', () => {
    const many = Array.from({ length: 1000 }, (_, i) => person(`Nguyễn Văn Người${i}`, `Đơn vị ${i % 50}`, { title: i % 10 === 0 ? 'Giám đốc' : 'Chuyên viên' }));
    const started = performance.now();
    const grouped = groupByUnit(many);
    const all = rosterRows(grouped, { query: '', filter: null, ctx: noCtx, collapsed: new Set() });
    const found = rosterRows(grouped, { query: 'nguoi12', filter: null, ctx: noCtx, collapsed: new Set() });
    const elapsed = performance.now() - started;
    expect(all.rows).toHaveLength(1050);
    expect(found.matches).toBe(11); // Người12, Người120…Người129
    expect(elapsed).toBeLessThan(500); // generous: tens of milliseconds on a slow machine
  });
});
