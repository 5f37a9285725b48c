import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Actor, CalendarFeedReply, CalendarTokenDto, CalendarTokenReply } from '@yixiang/contracts';
import { authorize, fail, requireActor } from '@yixiang/common';
import { CatalogueClient } from '../shared/catalogue.client';
import { CalendarOwner, CalendarRepository } from './calendar.repository';
import { CalendarEvent, renderCalendar } from './ical';
import { said } from '@yixiang/domain';

const FEED_PAST_DAYS = 90;

const STATUS: Record<string, CalendarEvent['status']> = {
  requested: 'TENTATIVE', approved: 'CONFIRMED', in_use: 'CONFIRMED', completed: 'CONFIRMED', active: 'CONFIRMED',
};

/**
 * Calendar feeds are read by calendar apps that cannot sign in, so the secret is the URL: a random
 * token per user or instrument, made by someone allowed to see that calendar. Asking again
 * returns the same token (a subscribed calendar keeps working).
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly calendar: CalendarRepository,
    private readonly catalogue: CatalogueClient,
  ) {}

  async token(actor: Actor | null, dto: CalendarTokenDto): Promise<CalendarTokenReply> {
    const a = requireActor(actor);
    let owner: CalendarOwner = { kind: 'user', id: a.userId };
    if (dto.instrumentId) {
      const instrument = await this.catalogue.context(dto.instrumentId);
      authorize(a, 'calendar.instrument-feed', { institutionId: instrument.institutionId, region: instrument.institutionRegion ?? null });
      owner = { kind: 'instrument', id: instrument.instrumentId };
    }
    const token = await this.calendar.token(owner, randomBytes(24).toString('base64url'), a.userId);
    return { token, path: `/calendar/${token}.ics` };
  }

  async feed(token: string): Promise<CalendarFeedReply> {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) fail('NOT_FOUND', said('没有这个日历', 'no such calendar'));
    const owner = await this.calendar.owner(token);
    if (!owner) fail('NOT_FOUND', said('没有这个日历', 'no such calendar'));
    const since = new Date(Date.now() - FEED_PAST_DAYS * 24 * 3600 * 1000);
    const rows = await this.calendar.feedRows(owner, since);
    const names = new Map<string, string>();
    for (const id of new Set(rows.map((r) => r.instrument_id))) {
      const c = await this.catalogue.context(id).catch(() => null);
      names.set(id, c ? `${c.name} ${c.code}` : id);
    }
    const events: CalendarEvent[] = rows.map((r) => ({
      uid: r.id,
      start: r.start_at,
      end: r.end_at,
      summary: r.kind === 'blackout' ? `${names.get(r.instrument_id)} — 维护 (maintenance)` : `${names.get(r.instrument_id)} — ${r.purpose}`,
      description: r.kind === 'blackout' ? r.reason ?? undefined : `${r.code} · ${r.service_mode} · ${r.status}${r.series_id ? ' · 重复预约 recurring' : ''}`,
      status: STATUS[r.status] ?? 'CONFIRMED',
      updatedAt: r.updated_at,
      seriesId: r.series_id ?? undefined,
    }));
    const name = owner.kind === 'user' ? '仪享 · 我的预约' : `仪享 · ${names.get(owner.id) ?? '仪器'}`;
    return { body: renderCalendar({ name, timeZone: 'Asia/Shanghai', events }) };
  }
}
