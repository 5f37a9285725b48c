import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The search engine's one entry point is src/search/index.ts: code outside the folder that reached
 * into its files would tie itself to the engine's insides (the index's row layout, the caches'
 * keys), which are free to change as long as index.ts keeps its promises.
 */
const ROOT = resolve(__dirname, '../../../..');
const SEARCH = resolve(__dirname);
const SCANNED = ['apps', 'libs', 'test', 'bench', 'scripts'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist') return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|js|mjs)$/.test(name) ? [path] : [];
  });
}

/** Module paths a file imports or requires (static, dynamic and `export … from`). */
function imported(text: string): string[] {
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

describe('the search engine boundary', () => {
  it('is entered only through src/search/index.ts', () => {
    const breaches: string[] = [];
    for (const file of SCANNED.flatMap((d) => sources(join(ROOT, d)))) {
      if (file.startsWith(SEARCH + sep)) continue;
      for (const spec of imported(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        if (target.startsWith(SEARCH + sep)) breaches.push(`${relative(ROOT, file)} imports ${spec}`);
      }
    }
    expect(breaches).toEqual([]);
  });
});
