import { isIP } from 'node:net';

/**
 * The reverse proxies in front of Vigie (VIGIE_TRUSTED_PROXIES: addresses or small
 * networks, comma-separated). A request that reaches Vigie from one of them is taken to come from
 * the address its X-Forwarded-For names, so that the guard's address detectors and the
 * sign-in throttles see each client, not the proxy. A request from anywhere else keeps
 * its own address, whatever header it sends.
 */
export function trustedProxiesFrom(env: NodeJS.ProcessEnv = process.env): string[] {
  const items = (env.VIGIE_TRUSTED_PROXIES ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of items) {
    const [address, prefix, ...rest] = item.split('/');
    const family = isIP(address ?? '');
    // Proxies are a few hosts: a wide network trusted would let any client in it choose its address.
    const [shortest, bits] = family === 4 ? [24, 32] : [120, 128];
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) >= shortest && Number(prefix) <= bits);
    if (family === 0 || !prefixOk || rest.length > 0)
      throw new Error(`VIGIE_TRUSTED_PROXIES: not an address or a small network (/24 or longer in IPv4, /120 in IPv6): ${item}`);
  }
  return items;
}
