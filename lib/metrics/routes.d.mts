export function routeMatcher(root: string): (pathname: string) => string;
