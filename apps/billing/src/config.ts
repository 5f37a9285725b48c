import { ServiceConfig } from '@yixiang/common';

export class BillingConfig extends ServiceConfig {}
