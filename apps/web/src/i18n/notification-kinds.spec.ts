import { KIND_LABELS, NOTIFICATION_KINDS } from '@yixiang/domain';
import { en } from './en';
import { zh } from './zh';

describe('the notification kinds on the Notifications page', () => {
  it('has a label in both languages for every kind the API lists, the Chinese one the service’s own', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const key = `notify.kind.${kind}` as keyof typeof zh;
      expect({ kind, zh: zh[key] }).toEqual({ kind, zh: KIND_LABELS[kind] });
      expect({ kind, en: typeof en[key] }).toEqual({ kind, en: 'string' });
    }
  });
});
