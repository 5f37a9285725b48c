// Issue 18's training requests: spread into zh.ts and en.ts, kept apart to keep merges small.
export const trainingZh = {
  'nav.training': '上机培训',
  'training.title': '上机培训', 'training.request': '申请上机培训', 'training.requested': '已提交培训申请，机组人员安排后会通知您。', 'training.open': '查看我的培训申请',
  'training.status': '状态', 'training.none': '没有培训申请。', 'training.trainee': '学员', 'training.traineeOf': '学员单位', 'training.note': '申请说明', 'training.session': '培训时间',
  'training.validTo': '资格有效至', 'training.remark': '备注', 'training.date': '培训日期', 'training.start': '开始', 'training.end': '结束',
  'training.schedule': '安排培训', 'training.pass': '登记通过', 'training.fail': '登记未通过', 'training.decline': '拒绝申请', 'training.cancel': '撤回申请',
  'training.declineTitle': '拒绝培训申请', 'training.declineReason': '原因（会告知申请人）', 'training.failTitle': '登记培训未通过', 'training.failRemark': '说明（会告知学员）',
  'training.done': '培训申请（{instrument}）：{status}', 'training.passHint': '通过即授予上机资格，至所填日期（不含）失效。',
  'training.state.requested': '待安排', 'training.state.scheduled': '已安排培训', 'training.state.passed': '已通过', 'training.state.failed': '未通过',
  'training.state.declined': '已拒绝', 'training.state.cancelled': '已撤回',
} as const;

export const trainingEn: Record<keyof typeof trainingZh, string> = {
  'nav.training': 'Training',
  'training.title': 'Instrument training', 'training.request': 'Ask for training', 'training.requested': 'Training requested; the operators will tell you when it is scheduled.', 'training.open': 'See my training requests',
  'training.status': 'Status', 'training.none': 'No training requests.', 'training.trainee': 'Trainee', 'training.traineeOf': 'Trainee’s institution', 'training.note': 'Note', 'training.session': 'Session',
  'training.validTo': 'Qualified until', 'training.remark': 'Remark', 'training.date': 'Date', 'training.start': 'Start', 'training.end': 'End',
  'training.schedule': 'Schedule', 'training.pass': 'Record a pass', 'training.fail': 'Record a fail', 'training.decline': 'Decline', 'training.cancel': 'Withdraw',
  'training.declineTitle': 'Decline the training request', 'training.declineReason': 'Reason (the trainee is told)', 'training.failTitle': 'Record a failed training', 'training.failRemark': 'Remark (the trainee is told)',
  'training.done': 'Training request ({instrument}): {status}', 'training.passHint': 'A pass grants the qualification until the date given (exclusive).',
  'training.state.requested': 'requested', 'training.state.scheduled': 'scheduled', 'training.state.passed': 'passed', 'training.state.failed': 'failed',
  'training.state.declined': 'declined', 'training.state.cancelled': 'withdrawn',
};
