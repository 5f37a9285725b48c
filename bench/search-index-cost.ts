/**
 * What the in-memory search index costs (figures quoted in apps/catalogue/src/search/index.ts):
 * heap per instrument and the time of one full build, over synthetic rows shaped like the
 * catalogue-search bench's (a Chinese name, a model, a manufacturer; their bigrams; the name's pinyin initials).
 * Run: npx tsc -p tsconfig.json && node --expose-gc dist/bench/search-index-cost.js [instruments]
 */
import { randomUUID } from 'node:crypto';
import { initialsPrefixes, nameInitials } from '@yixiang/domain';
import { bigrams, SearchRow, searchTerms, SegmentedSearchIndex } from '../apps/catalogue/src/search';

const NAMES = ['扫描电子显微镜', 'X射线衍射仪', '核磁共振波谱仪', '液相色谱质谱联用仪', '激光共聚焦显微镜', '流式细胞仪', '热重分析仪', '原子力显微镜'];
const MAKERS = ['Bruker', 'Thermo Fisher', 'Agilent', 'Zeiss', 'Hitachi', 'Shimadzu', '岛津', '蔡司'];
const INITIALS = NAMES.map((name) => initialsPrefixes(nameInitials(name)));
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

function row(i: number): SearchRow {
  const text = `${NAMES[i % NAMES.length]} ${MAKERS[(i * 7) % MAKERS.length]} model-${(i * 31) % 997} eq-${String(i).padStart(6, '0')}`.toLowerCase();
  return {
    id: randomUUID(), code: `EQ-${String(i).padStart(6, '0')}`, institutionId: `inst-${i % 300}`, region: `R${i % 30}`,
    categoryCode: `0${(i % 9) + 1}${(i % 7) + 1}0`, sharingStatus: i % 10 === 0 ? 'internal' : 'open', retiredDay: null,
    onlineBooking: i % 3 !== 0, serviceModes: ['self', 'assisted'], searchText: text,
    searchGrams: [...new Set(searchTerms(text).flatMap(bigrams))], initialsPrefixes: INITIALS[i % NAMES.length], priceSelfFen: 10000 + (i % 50) * 100, priceAssistedFen: 20000,
    priceSampleFen: null, priceMinFen: 10000 + (i % 50) * 100,
  };
}

const count = Number(process.argv[2] ?? 100000);
const rows = Array.from({ length: count }, (_, i) => row(i));
gc();
const before = process.memoryUsage().heapUsed;
const index = new SegmentedSearchIndex();
const started = process.hrtime.bigint();
index.upsert(rows);
const buildMs = Number(process.hrtime.bigint() - started) / 1e6;
gc();
const heap = process.memoryUsage().heapUsed - before;
const one = process.hrtime.bigint();
index.upsert([row(count + 1)]);
const addMs = Number(process.hrtime.bigint() - one) / 1e6;
console.log(JSON.stringify({ instruments: index.size, buildMs: Math.round(buildMs), heapMiB: +(heap / 1048576).toFixed(1),
  bytesPerInstrument: Math.round(heap / count), addOneMs: +addMs.toFixed(2) }));
