// Messages of the cross-region statistics page (issue 16), kept apart so that zh.ts and en.ts take one line each.
export const zhStatistics = {
  'nav.statistics': '跨区域统计',
  'stats.title': '跨区域共享统计', 'stats.year': '年份', 'stats.view': '查看', 'stats.joint': '川渝联合视图', 'stats.region': '{region} 地区',
  'stats.regionName.CQ': '重庆', 'stats.regionName.SC': '四川',
  'stats.intro': '服务同时计入仪器所在地区（作为服务方）和用户所在地区（作为使用方）；跨区域服务计入两个地区的跨区域数据。',
  'stats.asProvider': '作为服务方', 'stats.asUser': '作为使用方', 'stats.crossBorder': '跨区域服务', 'stats.crossOut': '为外地用户服务', 'stats.crossIn': '本地用户赴外地使用',
  'stats.services': '服务次数', 'stats.hours': '机时（小时）', 'stats.income': '服务收入（元）', 'stats.voucher': '其中创新券（元）',
  'stats.byMonth': '按月份', 'stats.byCategory': '按服务类别', 'stats.month': '月份', 'stats.category': '服务类别',
  'stats.hoursByMonth': '{region} 每月机时：服务方与使用方', 'stats.hoursByCategory': '{region} 各服务类别机时（作为服务方）',
  'stats.flows': '跨区域服务流向', 'stats.flow': '{from} → {to}', 'stats.flowTitle': '{from}的仪器为{to}用户服务',
  'stats.flowsByMonth': '每月跨区域机时：{a} 与 {b}', 'stats.unitHours': '小时', 'stats.none': '该年度没有使用记录。',
  'stats.sideBySide': '两地对比', 'stats.figure': '指标', 'stats.unknownRegion': '未填地区',
} as const;

export const enStatistics: Record<keyof typeof zhStatistics, string> = {
  'nav.statistics': 'Cross-region statistics',
  'stats.title': 'Cross-region sharing', 'stats.year': 'Year', 'stats.view': 'View', 'stats.joint': 'Sichuan–Chongqing (joint)', 'stats.region': 'Region {region}',
  'stats.regionName.CQ': 'Chongqing', 'stats.regionName.SC': 'Sichuan',
  'stats.intro': 'A service counts for the instrument’s region (as provider) and the user’s region (as user); a service between two regions counts in both regions’ cross-border figures.',
  'stats.asProvider': 'As provider', 'stats.asUser': 'As user', 'stats.crossBorder': 'Cross-border', 'stats.crossOut': 'For other regions’ users', 'stats.crossIn': 'Our users elsewhere',
  'stats.services': 'Services', 'stats.hours': 'Hours', 'stats.income': 'Income (CNY)', 'stats.voucher': 'of which vouchers (CNY)',
  'stats.byMonth': 'By month', 'stats.byCategory': 'By service category', 'stats.month': 'Month', 'stats.category': 'Category',
  'stats.hoursByMonth': '{region} hours by month: as provider and as user', 'stats.hoursByCategory': '{region} hours by category (as provider)',
  'stats.flows': 'Cross-border flows', 'stats.flow': '{from} → {to}', 'stats.flowTitle': '{from} instruments serving {to} users',
  'stats.flowsByMonth': 'Cross-border hours by month: {a} and {b}', 'stats.unitHours': 'hours', 'stats.none': 'No usage recorded in this year.',
  'stats.sideBySide': 'Side by side', 'stats.figure': 'Figure', 'stats.unknownRegion': 'No region',
};
