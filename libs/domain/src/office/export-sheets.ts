// The spreadsheet (.xlsx) form of every export: Chinese headers with units, names beside codes, money
// in yuan. The exchange-format CSV keeps its own columns (exchange.md); these are for people.
import type { SheetColumn, SheetSpec } from './sheet';

const text = (header: string, width?: number): SheetColumn => ({ header, kind: 'text', width });
const yuan = (header: string): SheetColumn => ({ header, kind: 'yuan' });
const hours = (header: string): SheetColumn => ({ header, kind: 'hours' });
const points = (header: string): SheetColumn => ({ header, kind: 'points' });

export const CHARGES_SHEET: SheetSpec = {
  name: '费用明细', totals: true,
  columns: [
    text('使用记录编号'), { header: '开始时间', kind: 'datetime' }, text('仪器编号'), text('仪器名称', 28), text('服务单位', 28), text('付费单位', 28),
    text('收费标准编号'), text('对外服务', 10), { header: '计费数量（小时/样品）', kind: 'decimal', total: false },
    yuan('金额（元）'), text('创新券编号'), yuan('创新券抵扣（元）'), yuan('应付（元）'),
  ],
};

export const UNBILLED_SHEET: SheetSpec = {
  name: '未计费记录',
  columns: [text('使用记录编号'), text('原因', 30), text('说明', 60)],
};

export const VOUCHER_REJECTIONS_SHEET: SheetSpec = {
  name: '创新券拒付',
  columns: [text('使用记录编号'), text('创新券编号'), text('原因', 30), text('说明', 60)],
};

export const STATEMENTS_SHEET: SheetSpec = {
  name: '结算单', totals: true,
  columns: [
    text('服务单位编号'), text('服务单位名称', 28), text('付费单位编号'), text('付费单位名称', 28), text('账期', 10),
    { header: '明细条数', kind: 'integer', total: true }, yuan('金额（元）'), yuan('创新券抵扣（元）'), yuan('应付（元）'),
  ],
};

export const VOUCHER_LEDGER_SHEET: SheetSpec = {
  name: '创新券台账', totals: true,
  columns: [
    text('创新券编号'), text('持券单位编号'), text('持券单位名称', 28), { header: '有效期至', kind: 'datetime' },
    yuan('发放额度（元）'), yuan('已使用（元）'), yuan('已申请报销（元）'), yuan('已支付（元）'), yuan('已过期（元）'), yuan('余额（元）'),
  ],
};

export const CROSS_REGION_SHEET: SheetSpec = {
  name: '跨区域服务统计', totals: true,
  columns: [
    text('服务地区代码', 12), text('服务地区', 10), text('用户地区代码', 12), text('用户地区', 10), text('月份', 10), text('服务类别', 12),
    { header: '服务次数', kind: 'integer', total: true }, hours('机时（小时）'), yuan('金额（元）'), yuan('创新券抵扣（元）'),
  ],
};

export const EVALUATION_SHEET: SheetSpec = {
  name: '绩效评价结果', totals: true,
  columns: [
    text('单位编号'), text('单位名称', 28), { header: '参评仪器数', kind: 'integer', total: true }, hours('有效机时（小时）'), hours('对外机时（小时）'),
    points('开放率'), points('在线率'), points('使用率'), points('活跃仪器占比'), points('对外服务占比'), points('满意度'), points('服务单位数'),
    points('总分'), text('等级', 8), yuan('收入基数（元）'), yuan('预算调整前补助（元）'), yuan('补助金额（元）'),
  ],
};

export const EVALUATION_INSTRUMENTS_SHEET: SheetSpec = {
  name: '仪器评价明细', totals: true,
  columns: [
    text('仪器编号'), text('仪器名称', 28), text('单位编号'), text('单位名称', 28), hours('有效机时（小时）'), hours('对外机时（小时）'),
    yuan('收入基数（元）'), yuan('测算补助（元）'), yuan('封顶后补助（元）'),
  ],
};
