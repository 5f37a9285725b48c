import { BookableInstrument, instrumentRefusal } from './bookable';

const nmr: BookableInstrument = {
  code: 'NMR-600', institutionId: 'inst-a', institutionName: 'A University', sharingStatus: 'open', retiredOn: null, onlineBooking: true,
  serviceModes: ['self', 'assisted'],
};
const today = '2026-12-02';

describe('whether an instrument takes a booking', () => {
  it.each<[string, Partial<BookableInstrument>, string | null, string, ReturnType<typeof instrumentRefusal>]>([
    ['an open instrument, an offered mode', {}, 'inst-b', 'self', null],
    ['an internal instrument, its own institution', { sharingStatus: 'internal' }, 'inst-a', 'self', null],
    ['an internal instrument, another institution', { sharingStatus: 'internal' }, 'inst-b', 'self', 'hidden'],
    ['a suspended instrument', { sharingStatus: 'suspended' }, 'inst-a', 'self', { rule: 'sharing-status', message: { zh: '仪器 NMR-600 已暂停共享，不接受预约', en: 'NMR-600 is suspended and takes no bookings' } }],
    ['retired today', { retiredOn: today }, 'inst-a', 'self', { rule: 'retired', message: { zh: '仪器 NMR-600 已于 2026-12-02 停用', en: 'NMR-600 was retired on 2026-12-02' } }],
    ['retiring tomorrow', { retiredOn: '2026-12-03' }, 'inst-a', 'self', null],
    ['not booked online', { onlineBooking: false }, 'inst-a', 'self', { rule: 'online-booking', message: { zh: '仪器 NMR-600 不接受在线预约，请联系A University', en: 'NMR-600 is not booked online; contact A University' } }],
    ['a mode not offered', {}, 'inst-a', 'sample', { rule: 'service-mode', message: { zh: '仪器 NMR-600 提供的服务方式为 self、assisted，不提供 sample', en: 'NMR-600 offers self, assisted, not sample' } }],
    ['suspended before the mode', { sharingStatus: 'suspended' }, 'inst-a', 'sample', { rule: 'sharing-status', message: { zh: '仪器 NMR-600 已暂停共享，不接受预约', en: 'NMR-600 is suspended and takes no bookings' } }],
  ])('%s', (_, change, booker, mode, expected) => {
    expect(instrumentRefusal({ ...nmr, ...change }, booker, mode, today)).toEqual(expected);
  });
});
