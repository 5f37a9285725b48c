import { Body, Controller, Delete, Get, Header, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags, ApiOkResponse, ApiCreatedResponse } from '@nestjs/swagger';
import {
  Actor, AvailabilityDto, BookingSubjects, SlotsQuery, SlotsView, AvailabilityView, BlackoutView, CatalogueSubjects, CreateBlackoutDto, CreateInstrumentDto, InstrumentSearchQuery, InstrumentView, RateCardView, UpdateInstrumentDto, ReplaceRateCardsDto, RateCardDto, pageOf, InstrumentSummary, DeletedView,
} from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { ApiError } from '../http/api-error';
import { RefPipe, UuidPipe } from '../http/id.pipe';
import { Services } from '../http/services';
import { httpValidationPipe } from '../http/validation';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';
import { said } from '@yixiang/domain';

@ApiTags('instruments')
@ApiSignedIn()
@Controller('instruments')
export class InstrumentsController {
  constructor(private readonly services: Services) {}

  @Post()
  @ApiOperation({ summary: 'Publish an instrument (institution admin)' })
  @ApiCreatedResponse({ type: InstrumentView })
  @ApiErrors(400, 403, 404, 409, 422)
  create(@CurrentActor() actor: Actor, @Body() data: CreateInstrumentDto): Promise<InstrumentView> {
    return this.services.catalogue.request(CatalogueSubjects.instrumentCreate, { actor, data });
  }

  /** Answers with the catalogue's JSON as it came (a Page<InstrumentSummary>): see ServiceClient.requestJson. */
  @Get()
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiOperation({ summary: 'Search the catalogue: Chinese or English text and filters, paginated' })
  @ApiOkResponse({ type: pageOf(InstrumentSummary) })
  @ApiErrors(400)
  async search(@CurrentActor() actor: Actor, @Query() data: InstrumentSearchQuery): Promise<Buffer> {
    if (!data.availableFrom !== !data.availableTo) {
      const field = data.availableFrom ? 'availableTo' : 'availableFrom';
      throw new ApiError('VALIDATION_FAILED', said('空闲起止时间须同时给出', 'availableFrom and availableTo go together'), { fields: [{ field, reason: said('须与另一项同时给出', 'required with the other') }] });
    }
    if (data.availableFrom && data.availableTo) {
      if (!(new Date(data.availableTo) > new Date(data.availableFrom))) {
        throw new ApiError('VALIDATION_FAILED', said('空闲截止时间必须晚于空闲起始时间', 'availableTo must be after availableFrom'), { fields: [{ field: 'availableTo', reason: said('必须晚于空闲起始时间', 'must be after availableFrom') }] });
      }
      // The booking service knows what is taken; the catalogue leaves those instruments out.
      const busy = await this.services.booking.request(BookingSubjects.busyInstruments, { from: data.availableFrom, to: data.availableTo });
      return this.services.catalogue.requestJson(CatalogueSubjects.instrumentSearch, { actor, data, busy });
    }
    return this.services.catalogue.requestJson(CatalogueSubjects.instrumentSearch, { actor, data });
  }

  @Get(':id')
  @ApiOkResponse({ type: InstrumentView })
  @ApiErrors(404)
  @ApiOperation({ summary: 'One instrument (id or code)' })
  get(@CurrentActor() actor: Actor, @Param('id', RefPipe) id: string): Promise<InstrumentView> {
    return this.services.catalogue.request(CatalogueSubjects.instrumentGet, { actor, id });
  }

  @Patch(':id')
  @ApiOkResponse({ type: InstrumentView })
  @ApiErrors(400, 403, 404, 422)
  @ApiOperation({ summary: 'Change an instrument (its institution admin)' })
  update(@CurrentActor() actor: Actor, @Param('id', RefPipe) id: string, @Body() data: UpdateInstrumentDto): Promise<InstrumentView> {
    return this.services.catalogue.request(CatalogueSubjects.instrumentUpdate, { actor, id, data });
  }

  @Get(':id/rates')
  @ApiOkResponse({ type: [RateCardView] })
  @ApiErrors(404)
  @ApiOperation({ summary: 'The rate cards of an instrument' })
  rates(@CurrentActor() actor: Actor, @Param('id', RefPipe) id: string): Promise<RateCardView[]> {
    return this.services.catalogue.request(CatalogueSubjects.rateCardsList, { actor, id });
  }

  @Put(':id/rates')
  @ApiOperation({ summary: 'Replace the rate cards (a list with the columns of rates.csv); overlapping validity → 409' })
  @ApiBody({ type: [RateCardDto] })
  @ApiOkResponse({ type: [RateCardView] })
  @ApiErrors(400, 403, 404, 409)
  async replaceRates(@CurrentActor() actor: Actor, @Param('id', RefPipe) id: string, @Body() body: unknown): Promise<RateCardView[]> {
    // The body is the list itself (api.md); validate it as `{cards: [...]}` so errors name `cards[i].field`.
    if (!Array.isArray(body)) throw new ApiError('VALIDATION_FAILED', said('请求内容必须是价目卡的 JSON 数组', 'the body must be a JSON array of rate cards'), { fields: [{ field: 'body', reason: said('必须是数组', 'must be an array') }] });
    const data = (await httpValidationPipe().transform({ cards: body }, { type: 'body', metatype: ReplaceRateCardsDto })) as ReplaceRateCardsDto;
    return this.services.catalogue.request(CatalogueSubjects.rateCardsReplace, { actor, id, data });
  }

  @Get(':id/availability')
  @ApiOkResponse({ type: AvailabilityView })
  @ApiErrors(404)
  @ApiOperation({ summary: 'Weekly opening hours of an instrument' })
  availability(@CurrentActor() actor: Actor, @Param('id', RefPipe) id: string): Promise<AvailabilityView> {
    return this.services.catalogue.request(CatalogueSubjects.availabilityGet, { actor, id });
  }

  @Put(':id/availability')
  @ApiOperation({ summary: 'Weekly opening hours in the instrument’s time zone' })
  @ApiOkResponse({ type: AvailabilityView })
  @ApiErrors(400, 403, 404)
  putAvailability(@CurrentActor() actor: Actor, @Param('id', RefPipe) id: string, @Body() data: AvailabilityDto): Promise<AvailabilityView> {
    return this.services.catalogue.request(CatalogueSubjects.availabilityPut, { actor, id, data });
  }

  @Get(':id/blackouts')
  @ApiOkResponse({ type: [BlackoutView] })
  @ApiErrors(404)
  @ApiOperation({ summary: 'Maintenance and blackout windows of an instrument' })
  blackouts(@CurrentActor() actor: Actor, @Param('id', RefPipe) id: string): Promise<BlackoutView[]> {
    return this.services.booking.request(BookingSubjects.blackoutList, { actor, id });
  }

  @Post(':id/blackouts')
  @ApiOperation({ summary: 'A maintenance or blackout window; over bookings it is 409 listing them, unless cancelConflicting cancels them with the reason' })
  @ApiCreatedResponse({ type: BlackoutView })
  @ApiErrors(400, 403, 404, 409)
  addBlackout(@CurrentActor() actor: Actor, @Param('id', RefPipe) id: string, @Body() data: CreateBlackoutDto): Promise<BlackoutView> {
    return this.services.booking.request(BookingSubjects.blackoutCreate, { actor, id, data });
  }

  @Delete(':id/blackouts/:blackoutId')
  @ApiOkResponse({ type: DeletedView })
  @ApiErrors(403, 404)
  @ApiOperation({ summary: 'Remove a blackout window' })
  removeBlackout(@CurrentActor() actor: Actor, @Param('id', RefPipe) id: string, @Param('blackoutId', UuidPipe) blackoutId: string): Promise<{ deleted: true }> {
    return this.services.booking.request(BookingSubjects.blackoutDelete, { actor, id, blackoutId });
  }

  @Get(':id/slots')
  @ApiOperation({ summary: 'Free bookable intervals in [from, to): opening hours minus bookings and blackouts, on the slot grid' })
  @ApiOkResponse({ type: SlotsView })
  @ApiErrors(400, 404)
  slots(@CurrentActor() actor: Actor, @Param('id', RefPipe) id: string, @Query() data: SlotsQuery): Promise<SlotsView> {
    return this.services.booking.request(BookingSubjects.slotsList, { actor, id, data });
  }
}
