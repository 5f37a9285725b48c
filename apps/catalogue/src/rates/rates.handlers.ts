import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, CatalogueSubjects, ReplaceRateCardsDto } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { RatesService } from './rates.service';

@Controller()
export class RatesHandlers {
  constructor(private readonly rates: RatesService) {}

  @Handles(CatalogueSubjects.rateCardsList)
  list(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.rates.list(actor, id);
  }

  @Handles(CatalogueSubjects.rateCardsReplace)
  replace(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: ReplaceRateCardsDto) {
    return this.rates.replace(actor, id, data.cards);
  }
}
