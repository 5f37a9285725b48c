import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

import { repositoryFiles } from '../../test/support/repository-files';

const ROOT = resolve(__dirname, '../..');

/** Every file of the repository that code, tests, scripts or configuration are in. */
function sourceFiles(): string[] {
  return repositoryFiles(ROOT).filter((f) => /\.(ts|tsx|js|mjs|cjs|json|ya?ml|sh)$|(^|\/)Dockerfile$|(^|\/)\.github\//.test(f))
    .filter((f) => !f.endsWith('package-lock.json'));
}

/** Places outside any clone: the folder of specs beside the repository, a machine's own directories. */
/** The specs' folder beside the repository, spelt in parts so that this file does not name it itself. */
const SPECS = ['shared', 'spec'].join('/');
const SPECS_BESIDE = new RegExp(`(^|[^a-z])${['shared', 'spec'].join('\\/')}\\/`);
const OUTSIDE = [SPECS_BESIDE, /\/work\//, /\/home\/[a-z]/, /\/Users\/[A-Za-z]/, /\/root\//];
/** A relative path in a string literal (`'../x'`, `"../../y"`). */
const RELATIVE = /['"`]((?:\.\.\/)+[^'"`\s]*)['"`]/g;

/** Lines that name a path outside the repository, as `file:line: text`. */
export function escapes(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    // Marked lines: paths as test data (path traversal), or paths inside the chroot test-fresh.sh builds.
    if (/self-contained: (data|chroot path)/.test(line)) return;
    const where = `${file}:${i + 1}: ${line.trim().slice(0, 120)}`;
    if (OUTSIDE.some((p) => p.test(line))) {
      found.push(where);
      return;
    }
    for (const match of line.matchAll(RELATIVE)) {
      const target = resolve(ROOT, dirname(file), match[1]);
      if (target !== ROOT && !target.startsWith(ROOT + sep)) found.push(where);
    }
  });
  return found;
}

describe('a clone tests itself', () => {
  it('no source, test, script or configuration file reaches outside the repository', () => {
    const found = sourceFiles().filter((f) => f !== relative(ROOT, __filename)).flatMap((f) => escapes(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('finds each kind of escape, naming the file and line', () => {
    expect(escapes('test/a.e2e-spec.ts', `x\nreadFileSync('../${SPECS}/x.md')`)).toEqual([`test/a.e2e-spec.ts:2: readFileSync('../${SPECS}/x.md')`]);
    expect(escapes('apps/x/src/a.ts', "import '../../../../elsewhere/b';")).toHaveLength(1);
    expect(escapes('apps/x/src/a.ts', "import '../../../libs/common';")).toEqual([]);
    expect(escapes('scripts/a.sh', 'cd /work/main && ls')).toHaveLength(1);
  });
});
