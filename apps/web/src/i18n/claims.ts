// Reimbursement claims (兑付) and the programme ledger (issue 16): spread into zh.ts and en.ts, kept apart to keep merges small.
export const claimsZh = {
  'nav.claims': '创新券兑付', 'nav.ledger': '创新券台账',
  'claims.title': '创新券兑付申请', 'claims.intro': '服务机构按月向发券地区科技局申请兑付已抵扣的创新券金额（通兑）；持券单位就已付款结算单申请报销券面覆盖部分（通用）。每笔费用只能申请一次。',
  'claims.file': '提交兑付申请', 'claims.kind': '申请类型', 'claims.kind.provider': '服务机构兑付（通兑）', 'claims.kind.holder': '持券单位报销（通用）',
  'claims.month': '费用月份', 'claims.issuingRegion': '发券地区', 'claims.amountYuan': '申请金额（元，可不填：全部可兑付金额）', 'claims.programme': '创新券计划',
  'claims.pickProgramme': '请选择计划', 'claims.claimable': '本月可兑付（按发券地区）', 'claims.available': '可兑付（元）', 'claims.drafts': '草稿结算单中的笔数', 'claims.saved': '已提交兑付申请 {code}，金额 ¥{amount}。',
  'claims.code': '申请编号', 'claims.claimant': '申请单位', 'claims.amount': '金额（元）', 'claims.lines': '明细笔数', 'claims.state': '状态',
  'claims.created': '提交时间', 'claims.reference': '付款凭证号', 'claims.reason': '驳回理由', 'claims.filter': '按状态筛选',
  'claims.state.submitted': '待审核', 'claims.state.approved': '已批准', 'claims.state.paid': '已兑付', 'claims.state.rejected': '已驳回',
  'claims.approve': '批准', 'claims.reject': '驳回', 'claims.pay': '登记付款', 'claims.rejectReason': '驳回理由', 'claims.payReference': '付款凭证号',
  'claims.details': '明细', 'claims.usage': '机时记录', 'claims.voucher': '创新券', 'claims.charge': '费用（元）', 'claims.claimed': '申请（元）', 'claims.start': '开始时间',
  'ledger.title': '创新券计划台账', 'ledger.intro': '按计划统计发放、使用、申请兑付、已兑付和到期失效的金额；到期未用余额退回计划预算。',
  'ledger.programme': '计划', 'ledger.issued': '已发放', 'ledger.drawn': '已使用', 'ledger.claimed': '已申请兑付', 'ledger.paid': '已兑付', 'ledger.expired': '到期失效',
  'ledger.budget': '预算', 'ledger.balance': '余额', 'ledger.validTo': '有效期至', 'ledger.vouchers': '各券明细', 'ledger.asOf': '截至 {at}', 'ledger.yuan': '元（取整）',
} as const;

export const claimsEn: Record<keyof typeof claimsZh, string> = {
  'nav.claims': 'Voucher claims', 'nav.ledger': 'Voucher ledger',
  'claims.title': 'Voucher reimbursement claims', 'claims.intro': 'A provider claims, month by month, what its charges drew on vouchers from the issuing region’s bureau (provider-redeemed); a holder claims the covered part of its paid statements (holder-reimbursed). A charge is claimed once.',
  'claims.file': 'File a claim', 'claims.kind': 'Kind', 'claims.kind.provider': 'Provider (provider-redeemed)', 'claims.kind.holder': 'Holder (holder-reimbursed)',
  'claims.month': 'Month of the charges', 'claims.issuingRegion': 'Issuing region', 'claims.amountYuan': 'Amount (CNY, optional: everything claimable)', 'claims.programme': 'Programme',
  'claims.pickProgramme': 'Choose a programme', 'claims.claimable': 'Claimable this month, by issuing region', 'claims.available': 'Claimable (CNY)', 'claims.drafts': 'Charges in draft statements', 'claims.saved': 'Claim {code} filed for ¥{amount}.',
  'claims.code': 'Claim', 'claims.claimant': 'Claimant', 'claims.amount': 'Amount (CNY)', 'claims.lines': 'Lines', 'claims.state': 'State',
  'claims.created': 'Filed', 'claims.reference': 'Payment reference', 'claims.reason': 'Reason rejected', 'claims.filter': 'State',
  'claims.state.submitted': 'Submitted', 'claims.state.approved': 'Approved', 'claims.state.paid': 'Paid', 'claims.state.rejected': 'Rejected',
  'claims.approve': 'Approve', 'claims.reject': 'Reject', 'claims.pay': 'Record payment', 'claims.rejectReason': 'Reason', 'claims.payReference': 'Payment reference',
  'claims.details': 'Lines', 'claims.usage': 'Usage record', 'claims.voucher': 'Voucher', 'claims.charge': 'Charge (CNY)', 'claims.claimed': 'Claimed (CNY)', 'claims.start': 'Start',
  'ledger.title': 'Voucher programme ledger', 'ledger.intro': 'Per programme: issued, drawn, claimed, paid and expired; an expired voucher’s unspent balance returns to the programme’s budget.',
  'ledger.programme': 'Programme', 'ledger.issued': 'Issued', 'ledger.drawn': 'Drawn', 'ledger.claimed': 'Claimed', 'ledger.paid': 'Paid', 'ledger.expired': 'Expired',
  'ledger.budget': 'Budget', 'ledger.balance': 'Balance', 'ledger.validTo': 'Valid to', 'ledger.vouchers': 'Per voucher', 'ledger.asOf': 'As of {at}', 'ledger.yuan': 'CNY, whole yuan',
};
