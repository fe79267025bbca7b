import type { IncomingMessage, ServerResponse } from 'node:http';

export function guardRequest(req: IncomingMessage, res: ServerResponse): Promise<IncomingMessage | null>;
export function guardEveryRequest(): void;
