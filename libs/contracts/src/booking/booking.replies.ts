/** Replies of booking subjects that have no view of their own (see subjects.ts). */

/** A new calendar token and the feed path that carries it. */
export interface CalendarTokenReply {
  token: string;
  path: string;
}

/** An iCalendar feed's text. */
export interface CalendarFeedReply {
  body: string;
}
