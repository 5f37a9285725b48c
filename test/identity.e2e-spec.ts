import { spawn } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { api, ApiResponse, bureauToken, expectError, login, testEnv } from './support/api';
import { createInstitution, createUser, uniqueCode } from './support/factories';
import { ROOT } from './support/paths';
import { ServiceProcess, SERVICE_SCRIPTS } from '../deploy/local/stack/processes';
import { freePort, waitFor } from '../deploy/local/stack/ports';
import { launchChromium, signIn } from './web/browser';

// Starting gateways and dozens of argon2 sign-ins take seconds on a busy machine.
jest.setTimeout(30000);

/** The secret the gateway carried in its source until issue 13. */
const FORMER_DEV_SECRET = 'yixiang-local-development-secret-change-me';

/** An HS256 JWT made by hand: what anyone holding (or guessing) the secret can make. */
function signToken(claims: Record<string, unknown>, secret: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ iat: Math.floor(Date.now() / 1000), ...claims })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
const password = () => `pw-${randomBytes(8).toString('hex')}`;

/** Waits, if needed, so that a few requests land in one fixed one-minute window of the sign-in limiter. */
async function awayFromMinuteEdge(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
}

async function onGateway(base: string, method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // metrics, HTML
  }
  return { status: response.status, body, headers: response.headers };
}

/** Starts the compiled gateway with this environment; resolves with how it ended (or that it kept running). */
function gatewayExit(env: Record<string, string | undefined>, waitMs = 20000): Promise<{ code: number | null; output: string; kept: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', 'tsconfig-paths/register', join(ROOT, 'dist', SERVICE_SCRIPTS.gateway)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, TS_NODE_BASEURL: join(ROOT, 'dist'), TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), waitMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, output, kept: signal === 'SIGKILL' });
    });
  });
}

describe('identity: who a token stands for, and for how long', () => {
  let bureau: string;
  let home: any;
  let other: any;
  let homeAdmin: { token: string; user: any };
  let otherAdmin: { token: string; user: any };

  beforeAll(async () => {
    bureau = await bureauToken();
    home = await createInstitution(bureau, { name: '重庆两江材料研究院' });
    other = await createInstitution(bureau, { name: '成都天府分析测试中心', region: 'SC' });
    homeAdmin = await createUser(bureau, 'institution_admin', home.code);
    otherAdmin = await createUser(bureau, 'institution_admin', other.code);
  });

  describe('finding 1: forged, everlasting and stale tokens', () => {
    it('refuses a token signed with the former development secret, claiming bureau for a user that does not exist', async () => {
      const forged = signToken({ sub: randomUUID(), role: 'bureau', inst: null, ver: 1, exp: inAnHour() }, FORMER_DEV_SECRET);
      expectError(await api('GET', '/institutions', { token: forged }), 401, 'UNAUTHENTICATED');
      expectError(await api('POST', '/institutions', { token: forged, body: { code: uniqueCode('INS'), name: 'x', kind: 'university', region: 'CQ' } }), 401, 'UNAUTHENTICATED');
    });

    it('refuses a correctly signed token whose sub is no user', async () => {
      const ghost = signToken({ sub: randomUUID(), role: 'bureau', inst: null, ver: 1, exp: inAnHour() }, testEnv().jwtSecret);
      expectError(await api('GET', '/institutions', { token: ghost }), 401, 'UNAUTHENTICATED');
    });

    it('refuses a correctly signed token of a real user that carries no exp (it would never end)', async () => {
      const researcher = await createUser(bureau, 'researcher', home.code);
      const everlasting = signToken({ sub: researcher.user.id, role: researcher.user.role, inst: home.id, ver: 1 }, testEnv().jwtSecret);
      expectError(await api('GET', '/auth/me', { token: everlasting }), 401, 'UNAUTHENTICATED');
      expect((await api('GET', '/auth/me', { token: researcher.token })).status).toBe(200);
    });

    it('uses the user as they are now: ignores a role the token claims', async () => {
      const researcher = await createUser(bureau, 'researcher', home.code);
      // Same secret, same user, same version, but claiming bureau: the live role (researcher) applies.
      const claimsBureau = signToken({ sub: researcher.user.id, role: 'bureau', inst: null, ver: 1, exp: inAnHour() }, testEnv().jwtSecret);
      expectError(await api('POST', '/institutions', { token: claimsBureau, body: { code: uniqueCode('INS'), name: 'x', kind: 'university', region: 'CQ', creditCode: '91350100M000100Y43' } }), 403, 'FORBIDDEN');
    });

    it('a user moved to another institution: the old token ends at once, the new one acts for the new institution', async () => {
      const moved = await createUser(bureau, 'institution_admin', home.code);
      expect((await api('GET', '/auth/me', { token: moved.token })).body.institutionCode).toBe(home.code);
      const patch = await api('PATCH', `/users/${moved.user.id}`, { token: bureau, body: { institutionCode: other.code } });
      expect(patch.status).toBe(200);
      expect(patch.body.institutionCode).toBe(other.code);
      expectError(await api('GET', '/auth/me', { token: moved.token }), 401, 'UNAUTHENTICATED');
      const fresh = await login(moved.email, moved.password);
      expect((await api('GET', '/auth/me', { token: fresh })).body.institutionCode).toBe(other.code);
      // As an admin of the new institution, not the old one.
      expect((await api('GET', `/users?pageSize=200`, { token: fresh })).body.items.every((u: any) => u.institutionId === other.id)).toBe(true);
    });

    it('a role change ends the old token at once', async () => {
      const researcher = await createUser(bureau, 'researcher', home.code);
      expect((await api('PATCH', `/users/${researcher.user.id}`, { token: homeAdmin.token, body: { role: 'operator' } })).status).toBe(200);
      expectError(await api('GET', '/auth/me', { token: researcher.token }), 401, 'UNAUTHENTICATED');
      const fresh = await login(researcher.email, researcher.password);
      expect((await api('GET', '/auth/me', { token: fresh })).body.role).toBe('operator');
    });

    it('a password change (own or by an admin) ends the old tokens at once; the own change answers a new token', async () => {
      const researcher = await createUser(bureau, 'researcher', home.code);
      const wrong = await api('POST', '/auth/password', { token: researcher.token, body: { currentPassword: 'not-the-password', newPassword: password() } });
      expectError(wrong, 400, 'VALIDATION_FAILED');
      expect(wrong.body.error.details.fields[0].field).toBe('currentPassword');
      const newPassword = password();
      const changed = await api('POST', '/auth/password', { token: researcher.token, body: { currentPassword: researcher.password, newPassword } });
      expect(changed.status).toBe(200);
      expectError(await api('GET', '/auth/me', { token: researcher.token }), 401, 'UNAUTHENTICATED');
      expect((await api('GET', '/auth/me', { token: changed.body.accessToken })).status).toBe(200);
      expectError(await api('POST', '/auth/login', { body: { email: researcher.email, password: researcher.password } }), 401, 'UNAUTHENTICATED');

      const byAdmin = password();
      expect((await api('PATCH', `/users/${researcher.user.id}`, { token: homeAdmin.token, body: { password: byAdmin } })).status).toBe(200);
      expectError(await api('GET', '/auth/me', { token: changed.body.accessToken }), 401, 'UNAUTHENTICATED');
      expect(await login(researcher.email, byAdmin)).toEqual(expect.any(String));
    });

    it('deactivating ends the tokens and refuses sign-in; an admin cannot deactivate themself', async () => {
      const researcher = await createUser(bureau, 'researcher', home.code);
      const off = await api('PATCH', `/users/${researcher.user.id}`, { token: homeAdmin.token, body: { active: false } });
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      expectError(await api('GET', '/auth/me', { token: researcher.token }), 401, 'UNAUTHENTICATED');
      expectError(await api('POST', '/auth/login', { body: { email: researcher.email, password: researcher.password } }), 401, 'UNAUTHENTICATED');
      expectError(await api('PATCH', `/users/${homeAdmin.user.id}`, { token: homeAdmin.token, body: { active: false } }), 400, 'VALIDATION_FAILED');
    });

    it('an institution admin changes users of their own institution only, and cannot move them out', async () => {
      const researcher = await createUser(bureau, 'researcher', home.code);
      expectError(await api('PATCH', `/users/${researcher.user.id}`, { token: otherAdmin.token, body: { role: 'operator' } }), 403, 'FORBIDDEN');
      expectError(await api('PATCH', `/users/${researcher.user.id}`, { token: homeAdmin.token, body: { institutionCode: other.code } }), 403, 'FORBIDDEN');
      expectError(await api('PATCH', `/users/${researcher.user.id}`, { token: homeAdmin.token, body: { role: 'bureau' } }), 403, 'FORBIDDEN');
      expect((await api('GET', '/auth/me', { token: researcher.token })).status).toBe(200);
    });

    it('POST /auth/logout ends the token', async () => {
      const researcher = await createUser(bureau, 'researcher', home.code);
      const out = await api('POST', '/auth/logout', { token: researcher.token });
      expect(out.status).toBe(204);
      expectError(await api('GET', '/auth/me', { token: researcher.token }), 401, 'UNAUTHENTICATED');
      expect((await api('GET', '/auth/me', { token: await login(researcher.email, researcher.password) })).status).toBe(200);
    });

    it('POST /users/:id/sessions/revoke: bureau for anyone, an institution admin for their own institution only', async () => {
      const researcher = await createUser(bureau, 'researcher', home.code);
      expectError(await api('POST', `/users/${researcher.user.id}/sessions/revoke`, { token: otherAdmin.token }), 403, 'FORBIDDEN');
      expectError(await api('POST', `/users/${researcher.user.id}/sessions/revoke`, { token: researcher.token }), 403, 'FORBIDDEN');
      expect((await api('GET', '/auth/me', { token: researcher.token })).status).toBe(200);
      expect((await api('POST', `/users/${researcher.user.id}/sessions/revoke`, { token: homeAdmin.token })).status).toBe(204);
      expectError(await api('GET', '/auth/me', { token: researcher.token }), 401, 'UNAUTHENTICATED');

      const again = await login(researcher.email, researcher.password);
      expect((await api('POST', `/users/${researcher.user.id}/sessions/revoke`, { token: bureau })).status).toBe(204);
      expectError(await api('GET', '/auth/me', { token: again }), 401, 'UNAUTHENTICATED');
      expectError(await api('POST', `/users/${randomUUID()}/sessions/revoke`, { token: bureau }), 404, 'NOT_FOUND');
    });

    it('a change written past the service (an import, psql) reaches the gateway within its session cache time', async () => {
      const researcher = await createUser(bureau, 'researcher', home.code);
      expect((await api('GET', '/auth/me', { token: researcher.token })).status).toBe(200);
      const db = new Client({ connectionString: testEnv().databaseUrl });
      await db.connect();
      try {
        await db.query(`update catalogue.app_user set institution_id = $1 where id = $2`, [other.id, researcher.user.id]);
      } finally {
        await db.end();
      }
      const refusedAfter = Date.now();
      await waitFor('the old token refused', async () => ((await api('GET', '/auth/me', { token: researcher.token })).status === 401 ? true : undefined), 10000, 250);
      expect(Date.now() - refusedAfter).toBeLessThan(7000);
    }, 20000);

    it('publishes the api reply shapes (logout, revoke, PATCH /users/:id) in the OpenAPI document', async () => {
      const docs = await api('GET', '/api/docs-json');
      expect(docs.body.paths['/api/v1/auth/logout'].post.responses['204']).toBeDefined();
      expect(docs.body.paths['/api/v1/users/{id}/sessions/revoke'].post.responses['204']).toBeDefined();
      expect(docs.body.paths['/api/v1/users/{id}'].patch).toBeDefined();
    });
  });

  describe('finding 1: start-up refuses a missing or guessable secret, whatever NODE_ENV', () => {
    const base = async () => ({ NATS_URL: testEnv().natsUrl, REDIS_URL: testEnv().redisUrl, PORT: String(await freePort()), BULLMQ_PREFIX: testEnv().bullmqPrefix });
    it.each([
      ['missing (development)', { NODE_ENV: 'development' }],
      ['the k8s placeholder in production', { NODE_ENV: 'production', JWT_SECRET: 'CHANGE-ME-to-at-least-32-random-characters' }],
      ['the former development value', { NODE_ENV: 'development', JWT_SECRET: FORMER_DEV_SECRET }],
      ['too short', { NODE_ENV: 'production', JWT_SECRET: 'Kq7#ub2-Lm9x' }],
      ['one repeated character', { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(64) }],
      ['changeme in any case', { NODE_ENV: 'test', JWT_SECRET: `ChangeMe${randomBytes(24).toString('hex')}` }],
    ])('refuses a JWT_SECRET that is %s', async (_why, env) => {
      const result = await gatewayExit({ ...(await base()), ...env });
      expect(result.kept).toBe(false);
      expect(result.code).toBe(1);
      expect(result.output).toContain('JWT_SECRET');
    });
  });

  describe('finding 2 and the edges: a second gateway (production, behind a trusted proxy, with OPS_TOKEN)', () => {
    let second: ServiceProcess;
    let secondUrl = '';
    const opsToken = `ops-${randomBytes(16).toString('hex')}`;

    beforeAll(async () => {
      const env = testEnv();
      const port = await freePort();
      secondUrl = `http://127.0.0.1:${port}`;
      second = new ServiceProcess('gateway-identity-test', SERVICE_SCRIPTS.gateway, {
        NATS_URL: env.natsUrl, REDIS_URL: env.redisUrl, BULLMQ_PREFIX: env.bullmqPrefix, JWT_SECRET: env.jwtSecret, PORT: String(port),
        NODE_ENV: 'production', OPS_TOKEN: opsToken, TRUSTED_PROXIES: '127.0.0.1', LOGIN_ATTEMPTS_PER_MINUTE: '5', LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '10', LOG_LEVEL: 'warn',
      }, env.logDir);
      second.start();
      await waitFor('the second gateway', async () => ((await fetch(`${secondUrl}/health`)).status === 200 ? true : undefined), 60000, 300);
    }, 90000);

    afterAll(async () => {
      await second?.stop();
    });

    it('X-Forwarded-For from a client is not believed: a new address per attempt still meets 429 (per account)', async () => {
      await awayFromMinuteEdge();
      const email = `${uniqueCode('victim').toLowerCase()}@test.example.cn`;
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const forged = `198.51.100.${i + 1}`;
        statuses.push((await api('POST', '/auth/login', { body: { email, password: 'wrong-password-1' }, headers: { 'x-forwarded-for': forged } })).status);
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5)).toEqual([429, 429, 429]);
    });

    it('the per-account limit holds over all addresses, behind a trusted proxy too', async () => {
      await awayFromMinuteEdge();
      const email = `${uniqueCode('spread').toLowerCase()}@test.example.cn`;
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        statuses.push((await onGateway(secondUrl, 'POST', '/api/v1/auth/login', { body: { email, password: 'wrong-password-1' }, headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } })).status);
      }
      expect(statuses.slice(5)).toEqual([429, 429]);
    });

    it('a forged address does not lock out the real users of that address', async () => {
      await awayFromMinuteEdge();
      const victim = await createUser(bureau, 'researcher', home.code);
      const victimAddress = `192.0.2.${Math.floor(Math.random() * 200) + 20}`;
      // The attacker talks to the gateway directly and names the victim's address ...
      for (let i = 0; i < 12; i++) {
        await api('POST', '/auth/login', { body: { email: `${uniqueCode('guess').toLowerCase()}@test.example.cn`, password: 'wrong-password-1' }, headers: { 'x-forwarded-for': victimAddress } });
      }
      // ... the victim comes through the trusted proxy, which reports their real address.
      const signIn = await onGateway(secondUrl, 'POST', '/api/v1/auth/login', { body: { email: victim.email, password: victim.password }, headers: { 'x-forwarded-for': victimAddress } });
      expect(signIn.status).toBe(200);
      // The second gateway does count per real address: 10 failures from it, then 429 for everyone there.
      const crowd = `192.0.2.${Math.floor(Math.random() * 10) + 1}`;
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) {
        statuses.push((await onGateway(secondUrl, 'POST', '/api/v1/auth/login', { body: { email: `${uniqueCode('nat').toLowerCase()}@test.example.cn`, password: 'wrong-password-1' }, headers: { 'x-forwarded-for': crowd } })).status);
      }
      expect(statuses[10]).toBe(429);
    });

    it('a revocation reaches the other gateway replica at once (the event), not only the one that made it', async () => {
      const researcher = await createUser(bureau, 'researcher', home.code);
      expect((await onGateway(secondUrl, 'GET', '/api/v1/auth/me', { token: researcher.token })).status).toBe(200);
      expect((await api('POST', `/users/${researcher.user.id}/sessions/revoke`, { token: homeAdmin.token })).status).toBe(204);
      expectError(await onGateway(secondUrl, 'GET', '/api/v1/auth/me', { token: researcher.token }), 401, 'UNAUTHENTICATED');
    });

    it('production: /metrics and /api/docs need OPS_TOKEN (header or ?token), and the docs page then loads', async () => {
      expectError(await onGateway(secondUrl, 'GET', '/metrics'), 401, 'UNAUTHENTICATED');
      expectError(await onGateway(secondUrl, 'GET', '/metrics', { token: 'not-the-ops-token-at-all' }), 401, 'UNAUTHENTICATED');
      expectError(await onGateway(secondUrl, 'GET', '/api/docs-json'), 401, 'UNAUTHENTICATED');
      expectError(await onGateway(secondUrl, 'GET', '/api/docs'), 401, 'UNAUTHENTICATED');
      const metrics = await onGateway(secondUrl, 'GET', '/metrics', { token: opsToken });
      expect(metrics.status).toBe(200);
      expect(metrics.body).toContain('yixiang_http_request_duration_seconds');
      expect((await onGateway(secondUrl, 'GET', `/metrics?token=${opsToken}`)).status).toBe(200);
      const page = await fetch(`${secondUrl}/api/docs?token=${opsToken}`);
      expect(page.status).toBe(200);
      const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
      expect(cookie).toMatch(/^yixiang_ops=/);
      const html = await page.text();
      const assets = [...html.matchAll(/(?:src|href)="\.?\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
      expect(assets.length).toBeGreaterThan(0);
      for (const asset of assets) {
        const path = asset.startsWith('api/docs/') ? `/${asset}` : `/api/docs/${asset.replace(/^api\/docs\//, '')}`;
        expect((await fetch(`${secondUrl}${path}`, { headers: { cookie } })).status).toBe(200);
      }
      expect((await onGateway(secondUrl, 'GET', '/api/docs-json', { token: opsToken })).body.paths['/api/v1/auth/login']).toBeDefined();
      // Health stays open: probes and load balancers carry no token.
      expect((await onGateway(secondUrl, 'GET', '/health')).status).toBe(200);
    });
  });

  describe('finding 3: headers, passwords, and what errors reveal', () => {
    it('sends security headers: a CSP for the app (self only, never framed), nosniff, referrer policy', async () => {
      const page = await fetch(`${testEnv().gatewayUrl}/`);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      const apiAnswer = await api('GET', '/institutions', { token: bureau });
      expect(apiAnswer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(apiAnswer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    });

    it('keeps Swagger UI working in development: its page alone may use inline styles', async () => {
      const docs = await fetch(`${testEnv().gatewayUrl}/api/docs`);
      expect(docs.status).toBe(200);
      const csp = docs.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    });

    it('the web app and Swagger UI run in a browser under their CSP without a single violation', async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        const violations: string[] = [];
        page.on('console', (m) => {
          if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
        });
        await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
        // The browser's own report of anything the policy blocked (a script, a style, an image).
        await page.addInitScript({ content: "document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(e.violatedDirective + ' ' + e.blockedURI))" });
        const researcher = await createUser(bureau, 'researcher', home.code);
        await signIn(page, testEnv().gatewayUrl, researcher.email, researcher.password);
        await page.goto(`${testEnv().gatewayUrl}/api/docs`);
        await page.locator('.swagger-ui .opblock').first().waitFor({ timeout: 20000 });
        expect(violations).toEqual([]);
      } finally {
        await browser.close();
      }
    });

    it.each([
      ['aaaaaaaaaa', 'one repeated character'],
      ['password12', 'a common password with digits'],
      ['qwertyuiop', 'a common password'],
      ['LEAKED-mail-2026', 'the email local part'],
    ])('refuses the password %s (%s) on user creation, naming the field', async (weak) => {
      const res = await api('POST', '/users', { token: bureau, body: { email: `leaked-mail@${home.code.toLowerCase()}.example.cn`, password: weak, name: '弱密码', role: 'researcher', institutionCode: home.code } });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.error.details.fields).toEqual([expect.objectContaining({ field: 'password' })]);
    });

    it('refuses a weak password on a password change and on an admin reset', async () => {
      const researcher = await createUser(bureau, 'researcher', home.code);
      const own = await api('POST', '/auth/password', { token: researcher.token, body: { currentPassword: researcher.password, newPassword: 'password12' } });
      expectError(own, 400, 'VALIDATION_FAILED');
      expect(own.body.error.details.fields[0].field).toBe('newPassword');
      expectError(await api('PATCH', `/users/${researcher.user.id}`, { token: homeAdmin.token, body: { password: 'aaaaaaaaaa' } }), 400, 'VALIDATION_FAILED');
      expect((await api('GET', '/auth/me', { token: researcher.token })).status).toBe(200);
    });

    it('does not tell an admin of another institution that an email has an account elsewhere', async () => {
      const existing = await createUser(bureau, 'researcher', home.code);
      const probe = await api('POST', '/users', { token: otherAdmin.token, body: { email: existing.email, password: password(), name: '探测', role: 'researcher', institutionCode: other.code } });
      expectError(probe, 409);
      const text = JSON.stringify(probe.body);
      expect(text).not.toMatch(/already exists|already taken/i);
      expect(text).not.toContain(home.code);
      expect(text).not.toContain(existing.user.id);
      // An unused email answers differently only by succeeding; a same-institution admin and the bureau get the plain answer.
      const same = await api('POST', '/users', { token: homeAdmin.token, body: { email: existing.email, password: password(), name: '重复', role: 'researcher', institutionCode: home.code }, headers: { 'accept-language': 'en' } });
      expectError(same, 409);
      expect(same.body.error.message).toMatch(/already exists/);
    });

    it('answers sign-in with one message for an unknown email and for a wrong password', async () => {
      const known = await createUser(bureau, 'researcher', home.code);
      const unknown = await api('POST', '/auth/login', { body: { email: `${uniqueCode('nobody').toLowerCase()}@test.example.cn`, password: 'wrong-password-1' } });
      const wrong = await api('POST', '/auth/login', { body: { email: known.email, password: 'wrong-password-1' } });
      expectError(unknown, 401, 'UNAUTHENTICATED');
      expectError(wrong, 401, 'UNAUTHENTICATED');
      expect(unknown.body).toEqual(wrong.body);
    });
  });
});
