/**
 * Every e2e file's ports, one block of ten per file, so no two files ever share a port (a server left
 * over by one file can never answer another's requests). A new file takes the next block.
 */
export const E2E_PORTS = {
  a11y: 3300,
  accountSecurity: 3310,
  audit: 3320,
  bodyLimits: { server: 3330, nextStart: 3331 },
  boundedGrowth: 3340,
  clientIp: { socket: 3350, oneProxy: 3351, twoProxies: 3352, nextStart: 3353, nextDev: 3354, serverDev: 3355 },
  dbRestart: 3360,
  help: 3370,
  loginPasskey: { exclusive: 3380, fallback: 3381 },
  loginThrottle: 3390,
  passwordA11y: 3480,
  publicPages: 3440,
  recovery: 3400,
  scaleOut: { a: 3410, b: 3411 },
  siteAssets: 3420,
  staff: 3430,
  recoveryUx: 3450,
  prefsSwitches: 3460,
  contrast: 3470,
} as const;

const all = Object.values(E2E_PORTS).flatMap((p) => (typeof p === 'number' ? [p] : Object.values(p)));
if (new Set(all).size !== all.length) throw new Error(`tests/e2e/ports.ts: a port is used twice (${all.join(', ')})`);
