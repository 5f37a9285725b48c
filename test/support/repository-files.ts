import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const REPOSITORY_ROOT = resolve(__dirname, '../..');

/** What .gitignore leaves out: installed, built or run-time folders, never the repository's own files. */
const NOT_OURS = new Set(['node_modules', 'dist', '.git', '.runtime', 'coverage', 'test-artifacts']);

/**
 * The repository's files, relative to its root, found by walking the tree rather than by asking git:
 * a fresh machine (scripts/test-fresh.sh) runs the suite where git is not installed.
 */
export function repositoryFiles(root = REPOSITORY_ROOT): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!NOT_OURS.has(entry.name)) walk(join(dir, entry.name));
      } else if (entry.isFile() && !entry.name.endsWith('.log')) {
        files.push(relative(root, join(dir, entry.name)));
      }
    }
  };
  walk(root);
  return files.sort();
}
