import { staffUsers } from '../../db/schema';
import type { Db } from '../../db/client';

/**
 * Four eyes means two people (docs/design.md#four-eyes). Whoever created an account knew its first
 * password; whoever enabled it or set its role made it able to act. So an approver is refused when
 * either account is in the other's lineage — the accounts that, link by link, created, enabled or
 * promoted it. (Issuing a passkey enrollment code is not a link: the code is useless without the
 * account's password, and every operator's code comes from some admin.)
 *
 * The chain is followed to its end, in both directions: an admin who creates an admin who creates
 * the approver still holds the approver; and an admin who approves a request filed from an account
 * they made is approving their own request.
 */
export type LineageLink = 'created_by' | 'enabled_by' | 'role_set_by';

type Edge = { from: string; to: string; link: LineageLink };

/** Every lineage edge in the staff table (it holds tens of rows, so one read is cheaper than a walk). */
async function lineageEdges(db: Db): Promise<Edge[]> {
  const users = await db
    .select({
      id: staffUsers.id,
      createdBy: staffUsers.createdBy,
      enabledBy: staffUsers.enabledBy,
      roleSetBy: staffUsers.roleSetBy,
    })
    .from(staffUsers);
  const edges: Edge[] = [];
  for (const u of users) {
    if (u.createdBy) edges.push({ from: u.id, to: u.createdBy, link: 'created_by' });
    if (u.enabledBy) edges.push({ from: u.id, to: u.enabledBy, link: 'enabled_by' });
    if (u.roleSetBy) edges.push({ from: u.id, to: u.roleSetBy, link: 'role_set_by' });
  }
  return edges;
}

/** The path of links from `start` up to `target`, or null when `target` is not in `start`'s lineage. */
function pathUp(edges: Edge[], start: string, target: string): LineageLink[] | null {
  const seen = new Set<string>([start]);
  let frontier: { id: string; path: LineageLink[] }[] = [{ id: start, path: [] }];
  while (frontier.length) {
    const next: typeof frontier = [];
    for (const node of frontier) {
      for (const e of edges) {
        if (e.from !== node.id || seen.has(e.to)) continue;
        const path = [...node.path, e.link];
        if (e.to === target) return path;
        seen.add(e.to);
        next.push({ id: e.to, path });
      }
    }
    frontier = next;
  }
  return null;
}

export type Relation = {
  direction: 'requester_made_approver' | 'approver_made_requester';
  links: LineageLink[];
} | null;

/** How `approverId` and `requesterId` are linked, if at all (the refusal names the links). */
export async function lineageRelation(db: Db, requesterId: string, approverId: string): Promise<Relation> {
  const edges = await lineageEdges(db);
  const up = pathUp(edges, approverId, requesterId);
  if (up) return { direction: 'requester_made_approver', links: up };
  const down = pathUp(edges, requesterId, approverId);
  if (down) return { direction: 'approver_made_requester', links: down };
  return null;
}
