import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { Origin } from '../domain/actor.ts';

/**
 * Whether a request comes from the place its session was opened from: the same browser
 * (user agent) on the same network — the same /24 in IPv4, /64 in IPv6, so that a
 * workstation whose address is renewed within its network stays the same place.
 */
export function samePlace(opened: Origin, now: Origin): boolean {
  return (opened.userAgent ?? '') === (now.userAgent ?? '') && sameNetwork(opened.address, now.address);
}

function sameNetwork(a: string | undefined, b: string | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const [x, y] = [unmapped(a), unmapped(b)];
  const family = isIPv4(x) ? 'ipv4' : isIPv6(x) ? 'ipv6' : undefined;
  if (!family) return false;
  const network = new BlockList();
  network.addSubnet(x, family === 'ipv4' ? 24 : 64, family);
  return network.check(y, family);
}

/** An IPv4 address as a dual-stack socket reports it (::ffff:10.1.2.3) is that IPv4 address. */
const unmapped = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
