import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasChinese } from '@yixiang/domain';
import { REPOSITORY_ROOT, repositoryFiles } from '../../../../test/support/repository-files';

/**
 * Issue 21: every error a user can see has a Chinese text. fail() and ApiError take a Said, so the
 * compiler finds every call site that passes a plain string; this scan finds the rest: a Said whose
 * Chinese has no Chinese in it (`said('not found', …)`), and a call that builds its message some
 * other way than the bilingual helpers.
 */
const SOURCES = repositoryFiles().filter((f) => /^(apps|libs)\/.*\.ts$/.test(f) && !f.endsWith('.spec.ts') && !f.startsWith('apps/web/')
  // The machinery itself (said, labels, the rendering) passes on what its callers gave it.
  && !f.startsWith('libs/domain/src/messages/'));

/** The text of the call's arguments from `open` (just after the parenthesis) to its closing one. */
function argumentsAt(source: string, open: number): string {
  let depth = 1;
  let quote: string | null = null;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return source.slice(open, i);
  }
  return source.slice(open);
}

/** The first top-level argument of an argument list. */
function firstArgument(args: string): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) return args.slice(0, i).trim();
  }
  return args.trim();
}

function secondArgument(args: string): string {
  const first = firstArgument(args);
  return firstArgument(args.slice(args.indexOf(first) + first.length).replace(/^\s*,/, ''));
}

function callSites(pattern: RegExp): { at: string; args: string }[] {
  return SOURCES.flatMap((file) => {
    const source = readFileSync(join(REPOSITORY_ROOT, file), 'utf8');
    return [...source.matchAll(pattern)].map((m) => ({
      at: `${file}:${source.slice(0, m.index).split('\n').length}`,
      args: argumentsAt(source, (m.index ?? 0) + m[0].length),
    }));
  });
}

/** A literal's text without its ${…} parts: what a reader sees whatever the values. */
const literalText = (literal: string): string => literal.slice(1, -1).replace(/\$\{[^}]*\}/g, '');
const isLiteral = (arg: string): boolean => /^(['"`])[\s\S]*\1$/.test(arg);

/**
 * Chinese passed on from something already bilingual (`x.zh`), or a text that reached us in one
 * language only and is kept as it is: a decorator's own Chinese message (`given`), a stored cell
 * written before reasons were bilingual (`r.reason`), another service's single-language message;
 * `zh`: a local wrapper's parameter (cells.ts `bad(zh, en)`), whose callers' Chinese is checked below.
 */
const PASSED_ON = /^[\w.]*\.zh\b|^zh$|^given$|^r\.reason$|^other\.message$|^f\.reason$/;
/** A template whose every Chinese part comes from `….zh` values. */
const zhOnlyFromValues = (literal: string): boolean =>
  literal.startsWith('`') && literalText(literal).trim() === '' && [...literal.matchAll(/\$\{([^}]*)\}/g)].every((m) => /(\.zh|\bzh)\s*$/.test(m[1]));

describe('every error message has a Chinese text', () => {
  it('said() and noSuch() are given Chinese first', () => {
    const sites = [...callSites(/\bsaid\(/g), ...callSites(/\bnoSuch\(/g)];
    expect(sites.length).toBeGreaterThan(300);
    const without = sites.filter(({ args }) => {
      const zh = firstArgument(args);
      if (isLiteral(zh)) return !hasChinese(literalText(zh)) && !zhOnlyFromValues(zh);
      // An expression (a table of Chinese texts with a Chinese fallback) passes when its literals are Chinese.
      return !PASSED_ON.test(zh) && !/['`"][^'`"]*[\u4e00-\u9fff][^'`"]*['`"]/.test(zh);
    }).map(({ at, args }) => `${at}: ${firstArgument(args).slice(0, 80)}`);
    expect(without).toEqual([]);
  });

  it('the cell and policy rules’ bad(…) wrappers are given Chinese', () => {
    const sites = callSites(/\bbad\(/g).filter(({ at }) => /libs\/domain\/src\/(exchange\/cells|subsidy\/policy)\.ts/.test(at));
    expect(sites.length).toBeGreaterThan(20);
    const without = sites.filter(({ args }) => {
      const parts = [firstArgument(args), secondArgument(args)].filter(isLiteral);
      return parts.length > 0 && !parts.some((p) => hasChinese(literalText(p)));
    }).map(({ at, args }) => `${at}: ${args.slice(0, 80)}`);
    expect(without).toEqual([]);
  });

  it('fail() and the gateway’s ApiError take their message from the bilingual helpers', () => {
    const sites = [...callSites(/\bfail\(/g), ...callSites(/\bnew ApiError\(/g)]
      .filter(({ at }) => !/libs\/common\/src\/errors\/rpc-error\.ts/.test(at) && !/api-error\.ts/.test(at));
    expect(sites.length).toBeGreaterThan(200);
    const plain = sites.filter(({ args }) => {
      const message = secondArgument(args);
      // A said(…)/noSuch(…) call (checked above), or a value the compiler knows is a Said.
      return isLiteral(message) || !(/^(said|noSuch|fromLegacy|joinSaid|validationMessage|suspensionMessage)\(/.test(message) || /^[\w.]+$/.test(message) || /^[\w.]+ \?/.test(message) || /^[\w.()]+ \? [\w.]+ : said\(/.test(message));
    }).map(({ at, args }) => `${at}: ${secondArgument(args).slice(0, 80)}`);
    expect(plain).toEqual([]);
  });
});
