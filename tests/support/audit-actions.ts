import type { AuditAction } from '../../lib/audit';

/**
 * An action name the portal never writes (`test.*`), for tests of the chain itself: the hash and the
 * verifier must hold for any stored name, not only the ones in lib/audit/actions.ts.
 */
export function testAction(name: `test.${string}`): AuditAction {
  return name as string as AuditAction;
}
