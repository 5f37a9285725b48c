/** The group chat tools whose incoming-webhook robots an institution may connect. */
export const ROBOT_KINDS = ['wecom', 'dingtalk', 'feishu'] as const;
export type RobotKind = (typeof ROBOT_KINDS)[number];

export const ROBOT_LABELS: Record<RobotKind, string> = { wecom: '企业微信', dingtalk: '钉钉', feishu: '飞书' };

/**
 * The JSON a robot's incoming webhook takes for a text message: WeCom and DingTalk
 * `{msgtype: 'text', text: {content}}`, Feishu `{msg_type: 'text', content: {text}}`.
 */
export function robotBody(kind: RobotKind, text: string): Record<string, unknown> {
  switch (kind) {
    case 'wecom':
    case 'dingtalk':
      return { msgtype: 'text', text: { content: text } };
    case 'feishu':
      return { msg_type: 'text', content: { text } };
  }
}

/**
 * Whether a robot's answer means it took the message: WeCom and DingTalk answer 200 with
 * `{errcode: 0}`, Feishu with `{code: 0}` (or the older `{StatusCode: 0}`); a 200 with another code is a refusal.
 */
export function robotAccepted(status: number, body: string): boolean {
  if (status < 200 || status >= 300) return false;
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const code = parsed.errcode ?? parsed.code ?? parsed.StatusCode;
    return code === undefined || code === 0;
  } catch {
    return true;
  }
}
