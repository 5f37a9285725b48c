import { writeFileSync } from 'node:fs';
import { generateCatalogueBundle, writeBundle, zipBundle } from './generator/catalogue';

/** `npm run generate:bundle -- --instruments 1000 --out DIR [--zip FILE] [--seed S] [--institutions M] [--with-bad-cell]` */
function main(argv: string[]): void {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const instruments = Number(arg('instruments') ?? 300);
  if (!Number.isInteger(instruments) || instruments < 1) throw new Error('--instruments must be a positive whole number');
  const out = arg('out');
  const zip = arg('zip');
  if (!out && !zip) throw new Error('say where to write: --out DIR and/or --zip FILE');
  const started = Date.now();
  const bundle = generateCatalogueBundle({
    instruments, seed: Number(arg('seed') ?? 1), institutions: arg('institutions') ? Number(arg('institutions')) : undefined,
    withBadCell: argv.includes('--with-bad-cell'),
  });
  if (out) writeBundle(out, bundle.files);
  if (zip) writeFileSync(zip, zipBundle(bundle.files));
  const rows = Object.entries(bundle.files).map(([f, t]) => `${f} ${t.split('\n').length - 2} rows`).join(', ');
  console.log(`generated in ${Date.now() - started} ms: ${rows}${out ? ` → ${out}` : ''}${zip ? ` → ${zip}` : ''}`);
  if (bundle.badCell) console.log(`bad cell: ${bundle.badCell.file} line ${bundle.badCell.line} column ${bundle.badCell.column}: ${bundle.badCell.reason}`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
