import { generateCatalogueBundle, zipBundle } from '../../../bench/generator/catalogue';

export interface DemoAccount {
  role: string;
  email: string;
  password: string;
  name: string;
}

interface Json {
  [key: string]: any;
}

async function call(baseUrl: string, method: string, path: string, token: string | null, body?: unknown, raw?: FormData): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}/api/v1${path}`, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}

/**
 * Seeds a demo catalogue through the public API, as a bureau officer would: a generated bundle
 * imported as a job, then demo accounts of every role. Idempotent: a second run changes nothing.
 */
export async function seedDemo(baseUrl: string, bureau: { email: string; password: string }, instruments: number, log: (line: string) => void): Promise<DemoAccount[]> {
  const login = await call(baseUrl, 'POST', '/auth/login', null, bureau);
  if (login.status !== 200) throw new Error(`cannot sign in as ${bureau.email}: ${JSON.stringify(login.body)}`);
  const token = login.body.accessToken as string;

  const existing = await call(baseUrl, 'GET', '/instruments?pageSize=1', token);
  if ((existing.body.total ?? 0) < instruments) {
    const { files } = generateCatalogueBundle({ instruments, seed: 2026 });
    const form = new FormData();
    form.append('bundle', new Blob([zipBundle(files)], { type: 'application/zip' }), 'demo-bundle.zip');
    const started = await call(baseUrl, 'POST', '/imports', token, undefined, form);
    if (started.status !== 202) throw new Error(`demo import refused: ${JSON.stringify(started.body)}`);
    for (;;) {
      const job = await call(baseUrl, 'GET', `/jobs/${started.body.jobId}`, token);
      if (job.body.state === 'completed') break;
      if (job.body.state === 'failed') throw new Error(`demo import failed: ${JSON.stringify(job.body.error).slice(0, 2000)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    log(`demo: imported ${instruments} instruments`);
  }

  const institutions = await call(baseUrl, 'GET', '/institutions?pageSize=1', token);
  const home = institutions.body.items[0].code as string;
  const accounts: DemoAccount[] = [
    { role: 'researcher', email: 'researcher@demo.yixiang.local', password: 'demo-researcher-2026', name: '演示研究员' },
    { role: 'institution_admin', email: 'admin@demo.yixiang.local', password: 'demo-admin-2026', name: '演示单位管理员' },
    { role: 'operator', email: 'operator@demo.yixiang.local', password: 'demo-operator-2026', name: '演示机组负责人' },
    { role: 'auditor', email: 'auditor@demo.yixiang.local', password: 'demo-auditor-2026', name: '演示审计员' },
  ];
  for (const a of accounts) {
    const res = await call(baseUrl, 'POST', '/users', token, {
      email: a.email, password: a.password, name: a.name, role: a.role, ...(a.role === 'auditor' ? {} : { institutionCode: home }),
    });
    if (res.status !== 201 && res.status !== 409) throw new Error(`cannot create demo user ${a.email}: ${JSON.stringify(res.body)}`);
  }
  return [{ role: 'bureau', email: bureau.email, password: bureau.password, name: '科技局管理员' }, ...accounts];
}
