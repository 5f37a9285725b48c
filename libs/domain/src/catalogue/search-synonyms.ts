/**
 * What people type for an instrument (issue 21): the short names, abbreviations and English names
 * of the instrument kinds of a Chinese catalogue. Each group holds forms that mean the same; a
 * search term that is one of them also finds texts with any other (电镜 finds 透射电子显微镜, SEM finds
 * 扫描电子显微镜). Latin forms are matched in any case. A form belongs to one group only
 * (search-synonyms.spec.ts checks it), so that what a term finds does not depend on the order here.
 *
 * Both search paths (the SQL one and the in-memory index in apps/catalogue/src/search) take a term's
 * alternatives from `termAlternatives`, so they find the same instruments.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  // Microscopes
  ['电镜', '电子显微镜', 'electron microscope'],
  ['扫描电镜', '扫描电子显微镜', 'SEM', 'scanning electron microscope'],
  ['透射电镜', '透射电子显微镜', 'TEM', 'transmission electron microscope'],
  ['冷冻电镜', '冷冻透射电子显微镜', '冷冻电子显微镜', 'cryo-EM', 'cryo-electron microscope'],
  ['原子力显微镜', 'AFM', 'atomic force microscope'],
  ['扫描隧道显微镜', 'STM', 'scanning tunneling microscope'],
  ['共聚焦', 'confocal'],
  ['聚焦离子束', 'FIB', 'focused ion beam'],
  ['电子探针', 'EPMA', 'electron probe'],
  ['显微镜', 'microscope'],
  // Spectroscopy and spectrometry
  ['核磁', '核磁共振', 'NMR', 'nuclear magnetic resonance'],
  ['顺磁共振', '电子顺磁共振', 'EPR', 'ESR', 'electron paramagnetic resonance'],
  ['磁共振成像', '核磁共振成像', 'MRI', 'magnetic resonance imaging'],
  ['XRD', 'X射线衍射', 'X-ray diffraction', 'X-ray diffractometer'],
  ['XRF', 'X射线荧光', 'X-ray fluorescence'],
  ['XPS', 'X射线光电子能谱', 'X-ray photoelectron spectroscopy'],
  ['SAXS', '小角X射线散射', 'small-angle X-ray scattering'],
  ['ICP-MS', 'ICPMS', '电感耦合等离子体质谱', 'inductively coupled plasma mass spectrometry'],
  ['ICP-OES', 'ICP-AES', '电感耦合等离子体发射光谱', 'inductively coupled plasma optical emission'],
  ['质谱', 'MS', 'mass spectrometer', 'mass spectrometry'],
  ['飞行时间', 'TOF', 'time-of-flight'],
  ['MALDI', '基质辅助激光解吸电离'],
  ['能谱', 'EDS', 'EDX', 'energy dispersive'],
  ['拉曼', 'Raman'],
  ['红外光谱', 'IR', 'infrared spectrometer', 'infrared spectroscopy'],
  ['傅里叶变换红外', 'FTIR', 'FT-IR', 'fourier transform infrared'],
  ['紫外可见', 'UV-Vis', 'UV/Vis', 'ultraviolet-visible'],
  ['荧光光谱', 'fluorescence spectrometer', 'fluorescence spectroscopy', 'spectrofluorometer'],
  ['原子吸收', 'AAS', 'atomic absorption'],
  ['光谱仪', 'spectrometer'],
  ['分光光度计', 'spectrophotometer'],
  // Chromatography
  ['色谱', 'chromatograph', 'chromatography'],
  ['气相色谱', 'GC', 'gas chromatograph', 'gas chromatography'],
  ['液相色谱', 'LC', 'liquid chromatograph', 'liquid chromatography'],
  ['高效液相色谱', 'HPLC', 'high performance liquid chromatography', 'high-performance liquid chromatography'],
  ['超高效液相色谱', 'UPLC', 'UHPLC', 'ultra performance liquid chromatography'],
  ['离子色谱', 'IC', 'ion chromatograph', 'ion chromatography'],
  ['凝胶渗透色谱', 'GPC', 'gel permeation chromatography'],
  ['气质联用', '气相色谱-质谱', 'GC-MS', 'GCMS', 'GC/MS'],
  ['液质联用', '液相色谱-质谱', 'LC-MS', 'LCMS', 'LC/MS'],
  // Life sciences
  ['流式', '流式细胞仪', '流式细胞术', 'flow cytometer', 'flow cytometry', 'FCM'],
  ['荧光定量PCR', '实时荧光定量PCR', 'qPCR', 'real-time PCR'],
  ['测序仪', 'sequencer'],
  ['高通量测序', 'NGS', 'next-generation sequencing', 'high-throughput sequencing'],
  ['酶标仪', 'microplate reader', 'plate reader'],
  ['离心机', 'centrifuge'],
  ['活体成像', 'in vivo imaging'],
  ['正电子发射断层扫描', 'PET', 'positron emission tomography'],
  ['计算机断层扫描', 'CT', 'computed tomography'],
  // Thermal, materials, surface
  ['热重', 'TGA', 'TG', 'thermogravimetric'],
  ['差示扫描量热', 'DSC', 'differential scanning calorimetry', 'differential scanning calorimeter'],
  ['同步热分析', 'STA', 'simultaneous thermal analysis'],
  ['热机械分析', 'TMA', 'thermomechanical analysis'],
  ['比表面', 'BET', 'specific surface area'],
  ['粒度', 'particle size'],
  ['Zeta电位', 'zeta potential'],
  ['纳米压痕', 'nanoindentation', 'nanoindenter'],
  ['万能材料试验机', '万能试验机', 'universal testing machine'],
  ['疲劳试验机', 'fatigue testing machine'],
  ['原子层沉积', 'ALD', 'atomic layer deposition'],
  ['磁控溅射', 'magnetron sputtering'],
  ['电化学工作站', 'electrochemical workstation', 'potentiostat'],
  ['元素分析', 'elemental analysis', 'elemental analyzer'],
  ['总有机碳', 'TOC', 'total organic carbon'],
  // Measurement and electronics
  ['三坐标', '三坐标测量机', 'CMM', 'coordinate measuring machine'],
  ['激光干涉仪', 'laser interferometer'],
  ['示波器', 'oscilloscope'],
  ['频谱分析仪', 'spectrum analyzer', 'spectrum analyser'],
  ['矢量网络分析仪', '网络分析仪', 'VNA', 'network analyzer', 'network analyser'],
  ['激光雷达', 'LiDAR'],
  ['探地雷达', 'GPR', 'ground penetrating radar'],
  ['三维打印', '3D打印', '3D printer', '3D printing'],
  ['高性能计算', 'HPC', 'high performance computing', 'high-performance computing'],
];

/**
 * Latin forms this short (SEM, TEM, NMR, MS, IC…) are too short to look for inside other words:
 * `tem` is in "system", `ms` in "systems". Such a form is searched for only when it is what the
 * person typed; typing one of its group's other forms does not look for it.
 */
const SHORT_LATIN = /^[a-z0-9]{1,3}$/;

/** Lower case after NFKC, so that ＳＥＭ and Sem are SEM. */
const normalise = (form: string): string => form.normalize('NFKC').toLowerCase();

/** Every form (normalised) → the groups it is in, as lists of normalised forms. */
const GROUPS_BY_FORM: ReadonlyMap<string, readonly string[]> = new Map(
  SYNONYM_GROUPS.flatMap((group) => {
    const forms = group.map(normalise);
    return forms.map((form) => [form, forms] as const);
  }),
);

/** Multi-word forms ("electron microscope"), longest first, as lists of words. */
const PHRASES: readonly (readonly string[])[] = [...GROUPS_BY_FORM.keys()]
  .filter((form) => /\s/.test(form))
  .map((form) => form.split(/\s+/))
  .sort((a, b) => b.length - a.length);

/** At most this many terms are searched for: every term is a condition of the query. */
export const MAX_SEARCH_TERMS = 8;

/**
 * The lower-cased terms of a search text: whitespace separates them and every one must match,
 * except that a run of words that is a known multi-word form ("scanning electron microscope") is
 * one term, so that it finds 扫描电子显微镜 rather than every text with "scanning" and "microscope".
 */
export function searchTerms(q: string | undefined): string[] {
  if (!q) return [];
  const words = q.toLowerCase().split(/\s+/).filter((t) => t.length > 0);
  const terms: string[] = [];
  for (let i = 0; i < words.length && terms.length < MAX_SEARCH_TERMS;) {
    const phrase = PHRASES.find((p) => p.length <= words.length - i && p.every((w, k) => normalise(words[i + k]) === w));
    const length = phrase?.length ?? 1;
    terms.push(words.slice(i, i + length).join(' '));
    i += length;
  }
  return terms;
}

/**
 * The texts a search term is looked for as, any one of which is a match: the term itself, then the
 * forms of the groups it is a form of (lower case; short Latin forms left out, see SHORT_LATIN).
 * A form that contains another of the list is left out too: a text that contains it contains the
 * other one, so it would be found anyway, and each form costs a look-up.
 */
export function termAlternatives(term: string): string[] {
  const group = GROUPS_BY_FORM.get(normalise(term));
  if (!group) return [term];
  const forms = [...new Set(group)].filter((form) => form !== term && !SHORT_LATIN.test(form));
  const kept = forms.filter((form) => ![term, ...forms].some((other) => other !== form && form.includes(other)));
  return [term, ...kept];
}
