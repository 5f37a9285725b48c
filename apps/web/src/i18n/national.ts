// Messages of the national reporting page (issue 20), kept apart so that zh.ts and en.ts take one line each.
export const zhNational = {
  'nav.national': '国家平台报送',
  'national.title': '国家平台报送', 'national.intro': '按季度导出本单位的仪器信息和服务记录（重大科研基础设施和大型科研仪器国家网络管理平台的字段），导出前先校验必填字段。',
  'national.institution': '单位', 'national.year': '年份', 'national.quarter': '季度', 'national.kind': '报送内容',
  'national.kind.instruments': '仪器信息', 'national.kind.services': '服务记录', 'national.quarterName': '第 {n} 季度',
  'national.validate': '校验', 'national.csv': '下载 CSV', 'national.xlsx': '下载 Excel',
  'national.summary': '{quarter} {kind}：共 {records} 条，{complete} 条必填字段齐全。',
  'national.ready': '必填字段齐全，可以报送。', 'national.missingTitle': '缺少的必填字段',
  'national.record': '记录', 'national.field': '字段', 'national.label': '字段名称', 'national.chooseInstitution': '请选择单位',
} as const;

export const enNational: Record<keyof typeof zhNational, string> = {
  'nav.national': 'National reporting',
  'national.title': 'National platform reporting', 'national.intro': 'Export the institution’s instrument and service records of a quarter in the national platform’s field set; validate the required fields first.',
  'national.institution': 'Institution', 'national.year': 'Year', 'national.quarter': 'Quarter', 'national.kind': 'Records',
  'national.kind.instruments': 'Instruments', 'national.kind.services': 'Services', 'national.quarterName': 'Q{n}',
  'national.validate': 'Validate', 'national.csv': 'Download CSV', 'national.xlsx': 'Download Excel',
  'national.summary': '{quarter} {kind}: {records} records, {complete} with every required field.',
  'national.ready': 'Every required field is there: ready to report.', 'national.missingTitle': 'Missing required fields',
  'national.record': 'Record', 'national.field': 'Field', 'national.label': 'Field name', 'national.chooseInstitution': 'Choose an institution',
};
