import type { IncomingMessage } from 'node:http';

export const SOCKET_IP_HEADER: 'x-lhp-socket-ip';
export const SOCKET_PROOF_HEADER: 'x-lhp-socket-proof';
export function stampSocketAddress(req: IncomingMessage): void;
export function socketStampProof(): string | undefined;
