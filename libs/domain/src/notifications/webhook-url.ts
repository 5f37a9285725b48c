import { isIP } from 'node:net';

/**
 * Whether an IP address is one of the platform's own networks rather than the internet: loopback,
 * private (RFC 1918), carrier-grade NAT, link-local (169.254.169.254 is every cloud's metadata
 * service), "this network", multicast and reserved, and their IPv6 counterparts (IPv4-mapped too).
 */
export function isInternalAddress(address: string): boolean {
  const kind = isIP(address);
  if (kind === 4) {
    const [a, b] = address.split('.').map(Number);
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254)
      || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 192 && b === 0) || (a === 198 && (b === 18 || b === 19)) || a >= 224;
  }
  if (kind === 6) {
    const v6 = address.toLowerCase();
    const mapped = /^(?:0*:)*:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
    if (mapped) return isInternalAddress(mapped[1]);
    // The WHATWG URL parser writes ::ffff:127.0.0.1 as ::ffff:7f00:1.
    const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v6);
    if (hex) {
      const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
      return isInternalAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
    }
    return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || /^ff/.test(v6);
  }
  return false;
}

/**
 * Why a URL may not receive the platform's deliveries (webhooks, group robots), or null. Decision
 * (issue 19): outbound calls go to the internet only — http(s), no credentials in the URL, and no
 * host of the platform's own networks: a literal internal address, `localhost`, `*.local`,
 * `*.internal`, `*.localhost`, or a name without a dot (the docker-compose and Kubernetes service
 * names: postgres, redis, nats, catalogue…). A name that resolves to an internal address is refused
 * again at delivery (DNS can change after the check). `allowInternal` (WEBHOOK_ALLOW_INTERNAL=true)
 * lifts the host rules for test stacks and closed networks, whose receivers live on 127.0.0.1.
 */
export function deliveryUrlProblem(raw: string, allowInternal: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '不是有效的网址 (not a valid URL)';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return '只接受 http 或 https 网址 (only http and https URLs)';
  if (url.username || url.password) return '网址中不能包含用户名或密码 (no credentials in the URL)';
  if (raw.length > 2000) return '网址过长 (longer than 2000 characters)';
  if (allowInternal) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host)) return isInternalAddress(host) ? '不能指向平台内部网络地址 (an internal network address)' : null;
  if (host === 'localhost' || /\.(local|internal|localhost|lan|home|svc|cluster\.local)$/.test(host) || !host.includes('.')) {
    return '不能指向平台内部主机 (a host of the platform’s own network)';
  }
  return null;
}
