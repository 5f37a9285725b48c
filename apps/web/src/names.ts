import { useEffect, useState } from 'react';
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

const instrumentName = (id: string) =>
  remembered(`instrument:${id}`, async () => {
    const i = await call(api.GET('/api/v1/instruments/{id}', { params: { path: { id } } }));
    return `${i.name} (${i.code})`;
  }, id.slice(0, 8));

const institutionName = (id: string) =>
  remembered(`institution:${id}`, async () => (await call(api.GET('/api/v1/institutions/{id}', { params: { path: { id } } }))).name, id.slice(0, 8));

export const useInstrumentNames = (ids: string[]) => useNames(ids, instrumentName);
export const useInstitutionNames = (ids: string[]) => useNames(ids, institutionName);

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
