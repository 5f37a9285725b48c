import { randomBytes } from 'node:crypto';
import { makeCreditCode } from '@yixiang/domain';
import { api, login } from './api';

let counter = 0;
/** Codes unique across test files and runs against the same database. */
export function uniqueCode(prefix: string): string {
  counter += 1;
  return `${prefix}-${randomBytes(3).toString('hex').toUpperCase()}${counter}`;
}

export async function createInstitution(bureau: string, overrides: Record<string, unknown> = {}): Promise<any> {
  const res = await api('POST', '/institutions', {
    token: bureau,
    body: { code: uniqueCode('INS'), name: '测试大学', kind: 'university', region: 'CQ', creditCode: makeCreditCode(Math.floor(Math.random() * 1e9)), ...overrides },
  });
  if (res.status !== 201) throw new Error(`create institution → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A user of the given role with a known password, signed in. */
export async function createUser(token: string, role: string, institutionCode?: string): Promise<{ user: any; token: string; password: string; email: string }> {
  const email = `${uniqueCode(role).toLowerCase()}@test.example.cn`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const res = await api('POST', '/users', { token, body: { email, password, name: '测试用户', role, institutionCode } });
  if (res.status !== 201) throw new Error(`create user → ${res.status} ${JSON.stringify(res.body)}`);
  return { user: res.body, token: await login(email, password), password, email };
}

/**
 * A regional bureau officer (issue 16) of `region` (`CQ`, `SC`, …), created by the joint officer
 * `jointToken` (the bootstrap bureau account is one) and signed in: its actor carries the region.
 */
export async function createRegionalOfficer(jointToken: string, region: string): Promise<{ user: any; token: string; password: string; email: string }> {
  const email = `${uniqueCode(`bureau-${region}`).toLowerCase()}@test.example.cn`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const res = await api('POST', '/users', { token: jointToken, body: { email, password, name: `${region} 科技局测试官员`, role: 'bureau', region } });
  if (res.status !== 201) throw new Error(`create regional officer → ${res.status} ${JSON.stringify(res.body)}`);
  return { user: res.body, token: await login(email, password), password, email };
}

export function instrumentBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code: uniqueCode('EQ'), name: '场发射扫描电镜', model: 'Gemini 300', manufacturer: 'Carl Zeiss', countryOfOrigin: 'DE',
    categoryCode: '0101', originalValueFen: 350000000, purchaseDate: '2021-05-10', sharingStatus: 'open', onlineBooking: true,
    mainFunctions: '表面形貌观察，能谱元素分析 surface morphology', serviceModes: ['self', 'assisted'], ...overrides,
  };
}

export function rateCard(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code: uniqueCode('RC'), serviceMode: 'self', unit: 'hour', internalPriceFen: 20000, externalPriceFen: 40000,
    incrementMinutes: 30, minimumChargeFen: 0, validFrom: '2025-01-01', ...overrides,
  };
}
