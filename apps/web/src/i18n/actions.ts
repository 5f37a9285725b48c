// Issue 21's calendar, dialogs, role-limited actions, session expiry and failed jobs: spread into
// zh.ts and en.ts, kept apart to keep merges small.
export const actionsZh = {
  'slot.free': '空闲，可预约', 'slot.own': '我的预约', 'slot.taken': '已被他人预约', 'slot.closed': '不开放', 'slot.maintenance': '维护中',
  'week.help': '方向键移动，Shift+方向键扩展选择，回车或空格选定；也可按住 Shift 点选一段时间。',
  'ask.back': '返回', 'ask.required': '请填写{field}。', 'ask.tooLong': '{field}不能超过 {n} 个字。',
  'ask.cancelTitle': '取消预约 {code}', 'ask.cancelConfirm': '确认取消预约', 'ask.cancelMessage': '{when} · {instrument}',
  'ask.rejectTitle': '驳回预约 {code}', 'ask.rejectConfirm': '确认驳回', 'ask.staffCancelTitle': '取消预约 {code}（将通知预约人）',
  'ask.vaApproveTitle': '批准创新券申请', 'ask.vaApproveConfirm': '批准并发券', 'ask.vaAmountBad': '请填写不超过申请金额 {max} 元的金额（最多两位小数）。',
  'ask.vaRejectTitle': '驳回创新券申请', 'ask.vaRejectConfirm': '确认驳回', 'ask.publishTitle': '发布评价结果', 'ask.publishConfirm': '确认发布',
  'role.cannotBook': '您的角色（{role}）不能预约仪器：只有科研用户和单位的管理员、操作员可以为本单位预约。',
  'role.cannotImport': '审计账号只能查看，不能导入数据。', 'role.importNeeds': '只有联合科技局或单位管理员可以导入数据包。',
  'cancel.tooLate': '距开始不足 {n}，不可取消', 'cancel.hours': '{n} 小时', 'cancel.minutes': '{n} 分钟',
  'session.expired': '登录已过期，请重新登录。',
  'job.failedBar': '失败', 'job.failedBecause': '失败：{reason}',
} as const;

export const actionsEn: Record<keyof typeof actionsZh, string> = {
  'slot.free': 'Free', 'slot.own': 'My booking', 'slot.taken': 'Booked by someone else', 'slot.closed': 'Closed', 'slot.maintenance': 'Maintenance',
  'week.help': 'Arrow keys move, Shift+arrow extends the pick, Enter or Space picks; Shift-click picks a range too.',
  'ask.back': 'Back', 'ask.required': 'Please fill in {field}.', 'ask.tooLong': '{field} may have at most {n} characters.',
  'ask.cancelTitle': 'Cancel booking {code}', 'ask.cancelConfirm': 'Cancel the booking', 'ask.cancelMessage': '{when} · {instrument}',
  'ask.rejectTitle': 'Reject booking {code}', 'ask.rejectConfirm': 'Reject', 'ask.staffCancelTitle': 'Cancel booking {code} (the booker is told)',
  'ask.vaApproveTitle': 'Approve the voucher application', 'ask.vaApproveConfirm': 'Approve and issue', 'ask.vaAmountBad': 'Give an amount of at most ¥{max} (two decimals at most).',
  'ask.vaRejectTitle': 'Reject the voucher application', 'ask.vaRejectConfirm': 'Reject', 'ask.publishTitle': 'Publish the results', 'ask.publishConfirm': 'Publish',
  'role.cannotBook': 'Your role ({role}) cannot book instruments: researchers and an institution’s admins and operators book, for their institution.',
  'role.cannotImport': 'An auditor reads only and cannot import.', 'role.importNeeds': 'Only a joint bureau officer or an institution admin imports bundles.',
  'cancel.tooLate': 'Less than {n} before the start: cannot be cancelled', 'cancel.hours': '{n} h', 'cancel.minutes': '{n} min',
  'session.expired': 'Your session has expired; please sign in again.',
  'job.failedBar': 'Failed', 'job.failedBecause': 'Failed: {reason}',
};
