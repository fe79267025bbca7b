export const BODY_LIMITS: Readonly<{ jsonApi: number; serverAction: number }>;
export function bodyLimitFor(pathname: string): number;
