import { ServiceConfig } from '@yixiang/common';

export class SubsidyConfig extends ServiceConfig {}
