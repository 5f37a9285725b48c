import { outboxWriter } from '@yixiang/common';

/** Billing's events (statements issued, voucher decisions) go to billing.outbox, in the transaction of the change they report. */
export const writeOutbox = outboxWriter('billing');
