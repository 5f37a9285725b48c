import fc from 'fast-check';
import { loadConfig } from '@yixiang/common';
import { assertGatewaySecrets, GatewayConfig, jwtSecretProblem, opsEndpointsEnabled, trustedProxies } from './config';

const good = 'Yq3u9Fh2-kT7pLx0_Wm4Rc8Zs1Nb6Vd5Ej';

describe('gateway configuration', () => {
  it('has no signing secret of its own: a missing JWT_SECRET fails loading', () => {
    expect(() => loadConfig(GatewayConfig, {})).toThrow(/JWT_SECRET/);
    expect(new GatewayConfig().JWT_SECRET).toBeUndefined();
  });

  it.each([
    ['the k8s placeholder', 'CHANGE-ME-to-at-least-32-random-characters'],
    ['the former development value', 'yixiang-local-development-secret-change-me'],
    ['the former value without its tail', 'yixiang-local-development-secret-0000'],
    ['changeme inside', `xx${'changeme'}Yq3u9Fh2kT7pLx0Wm4Rc8Zs1`],
    ['short', 'Yq3u9Fh2-kT7pLx0'],
    ['one repeated character', 'a'.repeat(48)],
    ['little variety', 'abcabcabcabcabcabcabcabcabcabcabcabc'],
  ])('refuses %s', (_why, secret) => {
    expect(jwtSecretProblem(secret)).not.toBeNull();
    expect(() => assertGatewaySecrets(Object.assign(new GatewayConfig(), { JWT_SECRET: secret, NODE_ENV: 'development' }))).toThrow(/JWT_SECRET/);
  });

  it('accepts random secrets of 32 characters or more (property)', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 24, maxLength: 64 }), (bytes) => {
      const secret = Buffer.from(bytes).toString('base64url');
      fc.pre(secret.length >= 32 && new Set(secret).size >= 10 && !/changeme/i.test(secret));
      expect(jwtSecretProblem(secret)).toBeNull();
    }));
  });

  it('refuses a placeholder OPS_TOKEN', () => {
    expect(() => assertGatewaySecrets(Object.assign(new GatewayConfig(), { JWT_SECRET: good, OPS_TOKEN: 'CHANGE-ME-to-a-random-token' }))).toThrow(/OPS_TOKEN/);
    expect(() => assertGatewaySecrets(Object.assign(new GatewayConfig(), { JWT_SECRET: good, OPS_TOKEN: 'f'.repeat(8) + '0123456789abcdef' }))).not.toThrow();
  });

  it('trusts no proxy unless told, and then only addresses and CIDRs', () => {
    expect(trustedProxies(undefined)).toBe(false);
    expect(trustedProxies(' ')).toBe(false);
    expect(trustedProxies('10.0.0.0/8, 127.0.0.1,::1,fd00::/8')).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8']);
    for (const bad of ['*', 'true', '10.0.0.0/33', 'proxy.example.com', '10.0.0.1/8/8']) expect(() => trustedProxies(bad)).toThrow(/TRUSTED_PROXIES/);
  });

  it('serves ops endpoints in production only with OPS_TOKEN', () => {
    const config = (env: Partial<GatewayConfig>) => Object.assign(new GatewayConfig(), { JWT_SECRET: good, ...env });
    expect(opsEndpointsEnabled(config({ NODE_ENV: 'development' }))).toBe(true);
    expect(opsEndpointsEnabled(config({ NODE_ENV: 'production' }))).toBe(false);
    expect(opsEndpointsEnabled(config({ NODE_ENV: 'production', OPS_TOKEN: '0123456789abcdef0' }))).toBe(true);
  });
});
