// The qualifications page, an instrument's editable details and several opening ranges a day (issue 21):
// spread into zh.ts and en.ts, kept apart to keep merges small.
export const manageZh = {
  'nav.qualifications': '上机资格',
  'qual.title': '上机资格管理', 'qual.intro': '具备上机资格的用户可自主操作本单位仪器；资格到期后须重新授予。30 天内到期的资格以黄色标出。',
  'qual.list': '上机资格名单', 'qual.instrument': '仪器', 'qual.user': '用户', 'qual.email': '邮箱', 'qual.validUntil': '有效期至（含当日，北京时间）',
  'qual.standing': '状态', 'qual.standing.valid': '有效', 'qual.standing.expiring': '即将到期', 'qual.standing.expired': '已过期',
  'qual.grant': '授予上机资格', 'qual.userEmail': '用户邮箱', 'qual.granted': '已授予 {user} 使用 {instrument} 的上机资格，有效期至 {date}（北京时间）。',
  'qual.revoke': '撤销资格', 'qual.confirmRevoke': '确认撤销', 'qual.revoked': '已撤销 {user} 使用 {instrument} 的上机资格。', 'qual.pickInstrument': '请选择仪器',
  'qual.filterInstrument': '按仪器筛选', 'qual.search': '按用户或仪器查找', 'qual.searchPlaceholder': '姓名、邮箱、仪器名称或编号',
  'manage.model': '型号', 'manage.country': '产地（国家代码，如 CN、DE）', 'manage.purchaseDate': '购置日期', 'manage.retiredOn': '停用日期',
  'manage.specifications': '技术指标', 'manage.specialised': '专用仪器', 'manage.descriptive': '仪器信息',
  'manage.addRange': '增加时段', 'manage.removeRange': '删除此时段', 'manage.closedDay': '全天不开放', 'manage.rangesHint': '每天可设多个开放时段（如 08:00–12:00 与 14:00–18:00），时段之间为闭馆时间；时段不得重叠。',
  'manage.range': '时段 {n}',
};

export const manageEn: Record<keyof typeof manageZh, string> = {
  'nav.qualifications': 'Qualifications',
  'qual.title': 'Operating qualifications', 'qual.intro': 'Qualified users may run our instruments on their own; a qualification must be granted again once it expires. Those expiring within 30 days are marked in yellow.',
  'qual.list': 'Qualified users', 'qual.instrument': 'Instrument', 'qual.user': 'User', 'qual.email': 'Email', 'qual.validUntil': 'Valid through (Beijing time)',
  'qual.standing': 'Status', 'qual.standing.valid': 'Valid', 'qual.standing.expiring': 'Expiring soon', 'qual.standing.expired': 'Expired',
  'qual.grant': 'Grant a qualification', 'qual.userEmail': 'User’s email', 'qual.granted': '{user} may now run {instrument} alone, through {date} (Beijing time).',
  'qual.revoke': 'Revoke', 'qual.confirmRevoke': 'Confirm revoking', 'qual.revoked': 'Revoked {user}’s qualification for {instrument}.', 'qual.pickInstrument': 'Choose an instrument',
  'qual.filterInstrument': 'Instrument', 'qual.search': 'Find a user or instrument', 'qual.searchPlaceholder': 'Name, email, instrument name or code',
  'manage.model': 'Model', 'manage.country': 'Country of origin (code, e.g. CN, DE)', 'manage.purchaseDate': 'Purchase date', 'manage.retiredOn': 'Retired on',
  'manage.specifications': 'Specifications', 'manage.specialised': 'Specialised instrument', 'manage.descriptive': 'Instrument details',
  'manage.addRange': 'Add a range', 'manage.removeRange': 'Remove this range', 'manage.closedDay': 'Closed all day', 'manage.rangesHint': 'A day may have several opening ranges (e.g. 08:00–12:00 and 14:00–18:00), closed between them; ranges must not overlap.',
  'manage.range': 'Range {n}',
};
