import { BookableInstrument, bookableProblem } from './bookable';

const XRD: BookableInstrument = {
  code: 'EQ-XRD', institutionId: 'inst-a', institutionName: 'A 大学', sharingStatus: 'open',
  retiredOn: null, onlineBooking: true, serviceModes: ['self', 'assisted'],
};
const TODAY = '2026-12-02';

describe('bookableProblem', () => {
  it('lets an open, online, unretired instrument be booked in a mode it offers', () => {
    expect(bookableProblem(XRD, 'inst-b', 'self', TODAY)).toBeNull();
    expect(bookableProblem({ ...XRD, retiredOn: '2026-12-03' }, null, 'assisted', TODAY)).toBeNull();
  });

  it('hides an internal instrument from other institutions, not from its own', () => {
    expect(bookableProblem({ ...XRD, sharingStatus: 'internal' }, 'inst-b', 'self', TODAY)).toEqual({ hidden: true });
    expect(bookableProblem({ ...XRD, sharingStatus: 'internal' }, null, 'self', TODAY)).toEqual({ hidden: true });
    expect(bookableProblem({ ...XRD, sharingStatus: 'internal' }, 'inst-a', 'self', TODAY)).toBeNull();
  });

  it.each([
    [{ sharingStatus: 'suspended' as const }, 'self', 'sharing-status', 'EQ-XRD is suspended and takes no bookings'],
    [{ retiredOn: TODAY }, 'self', 'retired', `EQ-XRD was retired on ${TODAY}`],
    [{ retiredOn: '2020-01-01' }, 'self', 'retired', 'EQ-XRD was retired on 2020-01-01'],
    [{ onlineBooking: false }, 'self', 'online-booking', 'EQ-XRD is not booked online; contact A 大学'],
    [{}, 'sample', 'service-mode', 'EQ-XRD offers self, assisted, not sample'],
  ])('%j, mode %s → %s', (change, mode, rule, message) => {
    expect(bookableProblem({ ...XRD, ...change }, 'inst-b', mode, TODAY)).toEqual({ hidden: false, rule, message });
  });

  it('gives the first reason only, in the order the booking service checked them', () => {
    const worst = { ...XRD, sharingStatus: 'suspended' as const, retiredOn: '2020-01-01', onlineBooking: false, serviceModes: [] };
    expect(bookableProblem(worst, 'inst-b', 'self', TODAY)).toMatchObject({ rule: 'sharing-status' });
    expect(bookableProblem({ ...worst, sharingStatus: 'open' }, 'inst-b', 'self', TODAY)).toMatchObject({ rule: 'retired' });
    expect(bookableProblem({ ...worst, sharingStatus: 'open', retiredOn: null }, 'inst-b', 'self', TODAY)).toMatchObject({ rule: 'online-booking' });
  });
});
