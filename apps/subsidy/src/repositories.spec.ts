import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every .ts file under the subsidy service's source, specs left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : []));
}

// The SQL of each aggregate lives in its repository (runs.repository.ts, policies.repository.ts): a
// service that queries the database itself is the mix of SQL and orchestration this layout ended.
describe('the subsidy service’s SQL lives in its repositories', () => {
  const services = sources(__dirname).filter((f) => f.endsWith('.service.ts'));

  it('has services to check', () => expect(services.map((f) => relative(__dirname, f)).sort()).toEqual(['policies/policies.service.ts', 'runs/runs.service.ts']));

  it.each(['EntityManager', 'getConnection', '.execute(', 'boundQuery', 'subsidy.run', 'subsidy.policy', 'institution_result'])('no service uses %s', (sqlMark) => {
    for (const file of services) expect({ file: relative(__dirname, file), uses: readFileSync(file, 'utf8').includes(sqlMark) }).toEqual({ file: relative(__dirname, file), uses: false });
  });
});
