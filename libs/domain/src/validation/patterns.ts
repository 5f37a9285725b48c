/**
 * The shapes of references, one definition each (exchange.md, api.md): every DTO decorator, pipe,
 * service guard and import cell checks against these, so that no two boundaries disagree on what
 * a code or an id may look like.
 */

/** A record's id: a UUID in its 8-4-4-4-12 hex form, either case (ids are stored lower case). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An exchange code: 1–64 ASCII letters, digits, `.`, `_` or `-`, starting with a letter or a digit
 * (a code starting with `.` or `-` would read as a file name or an option in the exchange files).
 */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** An id or a code: how a reference to an instrument (or any record with a code) may be written. */
export const ID_OR_CODE_PATTERN = new RegExp(`${UUID_PATTERN.source}|${CODE_PATTERN.source}`, 'i');

export const isUuid = (ref: string): boolean => UUID_PATTERN.test(ref);
export const isCode = (ref: string): boolean => CODE_PATTERN.test(ref);
/** A reference by id or by code, as the API accepts them in paths (`/instruments/{idOrCode}`). */
export const isIdOrCode = (ref: string): boolean => ID_OR_CODE_PATTERN.test(ref);

/** The key under which the gateway stored an upload in Redis (the catalogue and billing read it back). */
export const UPLOAD_KEY_PATTERN = /^[A-Za-z0-9:_-]{1,200}$/;
