import 'server-only';
import { headers } from 'next/headers';
import { getDb, type Db } from '../../db/client';
import type { StaffRole } from '../../db/schema';
import { requireStaffPage, type StaffSession } from '../auth';
import { clientIp, userAgent } from '../http/client-info';
import { getLocale } from '../i18n/server';
import type { Locale } from '../i18n/types';
import type { Principal, RequestCtx } from './guard';

export type StaffPageCtx = { me: StaffSession; principal: Principal; ctx: RequestCtx; db: Db; locale: Locale };

/**
 * The first line of every staff page: the role is checked on the server (a customer session or a
 * missing one goes to /staff/login, a lower role to /staff?denied=1), and the lib/staff calls of the
 * page get the staff member explicitly.
 */
export async function staffPage(role: StaffRole = 'viewer'): Promise<StaffPageCtx> {
  const me = await requireStaffPage(role);
  const h = await headers();
  return {
    me,
    principal: { kind: 'staff', id: me.id, role: me.role, sid: me.sid },
    ctx: { ip: clientIp(h), userAgent: userAgent(h) },
    db: await getDb(),
    locale: await getLocale(),
  };
}
