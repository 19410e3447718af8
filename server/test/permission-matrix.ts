/**
 * The permission matrix (issue "Organisation", R1.1, R1.2, R6.4, R1.5): one account for every role, and a table of
 * protected actions, each with the roles allowed. `describeMatrix` runs every action as every role: the allowed
 * succeed; everyone else gets the documented refusal (403 `forbidden` unless the row says otherwise, 401
 * `unauthenticated` without a session) and the state the row names is the same before and after.
 *
 * To add your domain, write rows (`ProtectedAction`) in your own test file or in permissions.test.ts and call
 * `describeMatrix` with a world from `createMatrixWorld`:
 *
 *   const world = useMatrixWorld();
 *   describeMatrix('endpoints (R1.4)', world, [
 *     { requirement: 'R1.4', name: 'register an endpoint in unit A', allow: ['operator', 'organiserA'],
 *       run: (client, _t, w) => client.post('/api/endpoints', { name: 'Phòng họp 2', unitId: w.unitA }),
 *       state: (_t, w) => w.operator.get('/api/endpoints').then((r) => r.body.endpoints.length) },
 *   ]);
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorId } from '../../shared/errors';
import { TestClient, createUser, ensureUnit, startTestServer, type TestServer } from './support';

/** Every kind of caller the matrix tries. `A`: the unit the staff belong to; `organiserB`: an unrelated unit's. */
export const matrixRoles = ['operator', 'organiserA', 'secretaryA', 'technicianA', 'delegateA', 'guest', 'endpointA', 'organiserB', 'anonymous'] as const;
export type MatrixRole = (typeof matrixRoles)[number];

export interface MatrixWorld {
  server: TestServer;
  /** The operator's client (the same as `clients.operator`), for preparing and reading state. */
  operator: TestClient;
  /** Unit A (a province), a sub-unit of A, and an unrelated unit B. */
  unitA: string;
  subUnitA: string;
  unitB: string;
  clients: Record<MatrixRole, TestClient>;
  /** Account ids (none for `anonymous`). */
  ids: Record<Exclude<MatrixRole, 'anonymous'>, string>;
  /** A meeting room of unit A; `endpointA` is its own account. */
  endpointId: string;
}

type Response = Awaited<ReturnType<TestClient['request']>>;

/** One row of the matrix. `T` is what `prepare` makes for each run (a fresh target per role). */
export interface ProtectedAction<T = unknown> {
  /** The requirement the row proves (`R1.1`), first in the test's name. */
  requirement: string;
  name: string;
  /** The roles that may do it; every other role is refused. */
  allow: readonly MatrixRole[];
  /** Made by the operator before each run, so that every role acts on a fresh target. */
  prepare?: (world: MatrixWorld) => Promise<T>;
  run: (client: TestClient, target: T, world: MatrixWorld) => Promise<Response>;
  /** What a refusal must leave unchanged, read by the operator before and after (omit for reads). */
  state?: (target: T, world: MatrixWorld) => Promise<unknown>;
  /** The status of success (default: any 2xx). */
  okStatus?: number;
  /** Further checks on an allowed answer. */
  check?: (res: Response, role: MatrixRole, target: T, world: MatrixWorld) => void | Promise<void>;
  /** The refusal of signed-in roles not allowed (default 403 `forbidden`). */
  refusal?: { status: number; id: ErrorId };
}

/** Typed row: `T` inferred from `prepare`. */
export const row = <T>(action: ProtectedAction<T>): ProtectedAction<T> => action;

const uniq = () => randomBytes(3).toString('hex');

/** A server with one account of every role. */
export async function createMatrixWorld(server: TestServer): Promise<MatrixWorld> {
  const tag = uniq();
  const unitA = await ensureUnit(server, `UBND tỉnh Đắk Nông ${tag}`);
  const subUnitA = await ensureUnit(server, `Sở Tài chính ${tag}`, unitA);
  const unitB = await ensureUnit(server, `UBND tỉnh Kon Tum ${tag}`);
  const nameA = `UBND tỉnh Đắk Nông ${tag}`;
  const nameB = `UBND tỉnh Kon Tum ${tag}`;
  const organiserA = await createUser(server, 'Phạm Thị Hoa', nameA, { role: 'organiser', title: 'Chánh Văn phòng' });
  const secretaryA = await createUser(server, 'Đỗ Thu Thủy', nameA, { role: 'secretary', title: 'Chuyên viên' });
  const technicianA = await createUser(server, 'Võ Văn Kỹ', nameA, { role: 'technician', title: 'Kỹ thuật viên' });
  const delegateA = await createUser(server, 'Nguyễn Bốn', nameA, { role: 'delegate', title: 'Phó Chủ tịch UBND tỉnh' });
  const guest = await createUser(server, 'Khách Mời Ngoài', nameA, { role: 'guest' });
  const organiserB = await createUser(server, 'Lý Văn Khoa', nameB, { role: 'organiser' });

  const endpoint = await server.operator.post('/api/endpoints', { name: `Phòng họp trực tuyến ${tag}`, unitId: unitA });
  if (endpoint.status !== 201) throw new Error(`endpoint: ${JSON.stringify(endpoint.body)}`);
  const email = `phong.hop.${tag}@example.vn`;
  const account = await server.operator.post(`/api/endpoints/${endpoint.body.endpoint.id}/account`, { email });
  if (account.status !== 201) throw new Error(`room account: ${JSON.stringify(account.body)}`);
  const endpointA = new TestClient(server.url);
  const room = await endpointA.signIn(email, account.body.temporaryPassword);

  const operatorId = (await server.operator.get('/api/auth/me')).body.user.id as string;
  return {
    server,
    operator: server.operator,
    unitA,
    subUnitA,
    unitB,
    endpointId: endpoint.body.endpoint.id,
    clients: {
      operator: server.operator,
      organiserA: organiserA.client,
      secretaryA: secretaryA.client,
      technicianA: technicianA.client,
      delegateA: delegateA.client,
      guest: guest.client,
      endpointA,
      organiserB: organiserB.client,
      anonymous: new TestClient(server.url),
    },
    ids: {
      operator: operatorId,
      organiserA: organiserA.id,
      secretaryA: secretaryA.id,
      technicianA: technicianA.id,
      delegateA: delegateA.id,
      guest: guest.id,
      endpointA: room.id,
      organiserB: organiserB.id,
    },
  };
}

/** Starts a server and its world before the file's tests and closes it after; the getter is valid inside tests. */
export function useMatrixWorld(): () => MatrixWorld {
  let server: TestServer | undefined;
  let world: MatrixWorld | undefined;
  beforeAll(async () => {
    server = await startTestServer();
    world = await createMatrixWorld(server);
  }, 60_000);
  afterAll(() => server?.close());
  return () => {
    if (!world) throw new Error('the matrix world is not ready');
    return world;
  };
}

/** One test per action and role. */
export function describeMatrix(title: string, world: () => MatrixWorld, // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows differ in their target type
  actions: readonly ProtectedAction<any>[]): void {
  describe(title, () => {
    for (const action of actions as ProtectedAction<unknown>[]) {
      for (const role of matrixRoles) {
        const allowed = action.allow.includes(role);
        it(`${action.requirement} ${action.name}: ${role} ${allowed ? 'may' : 'is refused'}`, async () => {
          const w = world();
          const target = action.prepare ? await action.prepare(w) : undefined;
          const before = !allowed && action.state ? await action.state(target, w) : undefined;
          const res = await action.run(w.clients[role], target, w);
          if (allowed) {
            if (action.okStatus) expect(res.status, JSON.stringify(res.body)).toBe(action.okStatus);
            else expect(res.status >= 200 && res.status < 300, `${res.status} ${JSON.stringify(res.body)}`).toBe(true);
            await action.check?.(res, role, target, w);
            return;
          }
          const refusal = role === 'anonymous' ? { status: 401, id: 'unauthenticated' } : (action.refusal ?? { status: 403, id: 'forbidden' });
          expect(res.status, JSON.stringify(res.body)).toBe(refusal.status);
          expect(res.body?.error?.id).toBe(refusal.id);
          if (action.state) expect(await action.state(target, w)).toEqual(before);
        });
      }
    }
  });
}

/**
 * A meeting hosted by unit A, booked by the operator as an emergency (approved at once): chaired by delegateA and
 * inviting secretaryA unless told otherwise. Its id.
 */
export async function bookMeetingOfA(
  w: MatrixWorld,
  opts: { startsAt: Date; minutes?: number; chairId?: string; inviteeIds?: string[]; endpointIds?: string[]; title?: string },
): Promise<string> {
  const res = await w.operator.post('/api/meetings', {
    title: opts.title ?? 'Giao ban công tác tháng',
    startsAt: opts.startsAt.toISOString(),
    endsAt: new Date(opts.startsAt.getTime() + (opts.minutes ?? 120) * 60_000).toISOString(),
    hostUnitId: w.unitA,
    chairId: opts.chairId ?? w.ids.delegateA,
    inviteeIds: opts.inviteeIds ?? [w.ids.secretaryA],
    endpointIds: opts.endpointIds ?? [],
    slug: `tl-${randomBytes(4).toString('hex')}`,
    password: 'mat-khau-hop',
    notStateSecret: true,
    emergency: true,
  });
  if (res.status !== 201) throw new Error(`meeting: ${JSON.stringify(res.body)}`);
  return res.body.meeting.id as string;
}
