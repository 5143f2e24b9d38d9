import net from 'node:net';

/** Loopback addresses only (127.0.0.0/8, ::1, and IPv4-mapped loopback): the TV app runs on the same box. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (net.isIPv4(v4)) return v4.startsWith('127.');
  return address === '::1';
}
