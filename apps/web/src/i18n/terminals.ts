// Issue 20's instrument terminals for an institution's staff: spread into zh.ts and en.ts, kept apart to keep merges small.
export const terminalsZh = {
  'nav.terminals': '仪器终端',
  'terminals.title': '仪器终端与采集记录', 'terminals.register': '登记终端', 'terminals.instrument': '仪器编号', 'terminals.instrumentOf': '仪器', 'terminals.name': '终端名称',
  'terminals.credential': '终端凭证（只显示这一次，请立即配置到终端上）：', 'terminals.list': '本单位的终端', 'terminals.none': '还没有登记终端。',
  'terminals.created': '登记时间', 'terminals.lastSeen': '最近上报', 'terminals.state': '状态', 'terminals.live': '在用', 'terminals.revoked': '已撤销',
  'terminals.revoke': '撤销', 'terminals.revokeTitle': '撤销终端 {name}', 'terminals.revokeMessage': '撤销后该终端的请求一律拒绝，需重新登记。',
  'terminals.pending': '待确认的未预约使用', 'terminals.pendingNone': '没有待确认的使用记录。', 'terminals.session': '使用时间', 'terminals.late': '离线补报',
  'terminals.confirm': '确认为使用', 'terminals.confirmTitle': '确认未预约使用', 'terminals.confirmWho': '使用人邮箱',
  'terminals.reject': '驳回', 'terminals.rejectTitle': '驳回这条使用记录', 'terminals.rejectReason': '原因',
  'terminals.noShows': '疑似爽约（已过开始时间 15 分钟仍无终端记录）', 'terminals.noShowsNone': '没有疑似爽约的预约。', 'terminals.recordNoShow': '登记爽约',
  'terminals.done': '已处理：{what}',
} as const;

export const terminalsEn: Record<keyof typeof terminalsZh, string> = {
  'nav.terminals': 'Terminals',
  'terminals.title': 'Instrument terminals and what they recorded', 'terminals.register': 'Register a terminal', 'terminals.instrument': 'Instrument code', 'terminals.instrumentOf': 'Instrument', 'terminals.name': 'Terminal name',
  'terminals.credential': 'The terminal’s credential (shown this once: configure it on the terminal now):', 'terminals.list': 'The institution’s terminals', 'terminals.none': 'No terminals registered yet.',
  'terminals.created': 'Registered', 'terminals.lastSeen': 'Last report', 'terminals.state': 'State', 'terminals.live': 'live', 'terminals.revoked': 'revoked',
  'terminals.revoke': 'Revoke', 'terminals.revokeTitle': 'Revoke terminal {name}', 'terminals.revokeMessage': 'Its requests are refused from then on; register it again to use it.',
  'terminals.pending': 'Unbooked uses to confirm', 'terminals.pendingNone': 'No unbooked uses waiting.', 'terminals.session': 'Used', 'terminals.late': 'sent late',
  'terminals.confirm': 'Confirm as use', 'terminals.confirmTitle': 'Confirm the unbooked use', 'terminals.confirmWho': 'User’s e-mail',
  'terminals.reject': 'Reject', 'terminals.rejectTitle': 'Reject this use', 'terminals.rejectReason': 'Reason',
  'terminals.noShows': 'No-show candidates (15 minutes past their start with no terminal session)', 'terminals.noShowsNone': 'No no-show candidates.', 'terminals.recordNoShow': 'Record the no-show',
  'terminals.done': 'Done: {what}',
};
