import { Injectable } from '@nestjs/common';
import { Actor, DeliveryListQuery, DeliveryView, Page, pageWindow } from '@yixiang/contracts';
import { authorize } from '@yixiang/common';
import { DeliveriesRepository } from './deliveries.repository';

/** The deliveries list (failed ones, for operators): the bureau's and auditors' of every institution, an admin's of theirs. */
@Injectable()
export class DeliveriesService {
  constructor(private readonly deliveries: DeliveriesRepository) {}

  async list(actor: Actor | null, query: DeliveryListQuery): Promise<Page<DeliveryView>> {
    const a = authorize(actor, 'delivery.list', {});
    const institutionId = a.role === 'institution_admin' ? a.institutionId : null;
    const { page, pageSize, offset } = pageWindow(query);
    const { items, total } = await this.deliveries.page({ state: query.state, channel: query.channel, institutionId }, pageSize, offset);
    return { items, total, page, pageSize };
  }
}
