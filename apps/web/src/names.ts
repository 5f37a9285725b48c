import { useEffect, useState } from 'react';
import type { InstrumentView } from '@yixiang/contracts';
import { api, call } from './api/client';

// Bookings, usage and statements name instruments and institutions by id; their names are looked
// up once and remembered for the session.
const known = new Map<string, Promise<string>>();

function remembered(key: string, lookup: () => Promise<string>, fallback: string): Promise<string> {
  let name = known.get(key);
  if (!name) {
    name = lookup().catch(() => fallback);
    known.set(key, name);
  }
  return name;
}

// Instruments and institutions are looked up by id or by code (the API takes either). Not found,
// a code is shown as it is, an id by its first characters.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-/i;

// One read of an instrument serves its name and its cancellation deadline (the bookings page).
const instruments = new Map<string, Promise<InstrumentView | null>>();
function instrumentView(id: string): Promise<InstrumentView | null> {
  let view = instruments.get(id);
  if (!view) {
    view = call(api.GET('/api/v1/instruments/{id}', { params: { path: { id } } })).catch(() => null);
    instruments.set(id, view);
  }
  return view;
}

const instrumentName = (id: string) =>
  remembered(`instrument:${id}`, async () => {
    const i = await instrumentView(id);
    return i ? `${i.name} (${i.code})` : UUID.test(id) ? id.slice(0, 8) : id;
  }, UUID.test(id) ? id.slice(0, 8) : id);

/** Each instrument's cancellation deadline in minutes before the start (its booking rules); absent while loading or unreadable. */
const cancelDeadlineOf = (id: string) => instrumentView(id).then((i) => (i ? String(i.bookingRules.cancelDeadlineMinutes) : ''));
export const useCancelDeadlines = (ids: string[]): Record<string, number> => {
  const found = useNames(ids, cancelDeadlineOf);
  return Object.fromEntries(Object.entries(found).filter(([, minutes]) => minutes !== '').map(([id, minutes]) => [id, Number(minutes)]));
};

// The API looks an institution up by id or by code (subsidy results and comparisons name it by code).
const institutionName = (idOrCode: string) =>
  remembered(
    `institution:${idOrCode}`,
    async () => (await call(api.GET('/api/v1/institutions/{id}', { params: { path: { id: idOrCode } } }))).name,
    UUID.test(idOrCode) ? idOrCode.slice(0, 8) : idOrCode,
  );

export const useInstrumentNames = (ids: string[]) => useNames(ids, instrumentName);
/** Institution names by id or by code. */
export const useInstitutionNames = (idsOrCodes: string[]) => useNames(idsOrCodes, institutionName);

function useNames(ids: string[], nameOf: (id: string) => Promise<string>): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    let current = true;
    const unique = key ? key.split(',') : [];
    void Promise.all(unique.map(async (id) => [id, await nameOf(id)] as const)).then((pairs) => current && setNames(Object.fromEntries(pairs)));
    return () => {
      current = false;
    };
  }, [key, nameOf]);
  return names;
}
