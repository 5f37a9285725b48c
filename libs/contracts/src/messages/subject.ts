/**
 * A NATS request/reply subject that carries, in its type, what is sent on it and what comes back.
 *
 * At run time a subject is its name and nothing else (a branded string is still a string), so
 * `@MessagePattern`, NATS and the wire are unchanged. At compile time the brand ties a call site
 * and a handler to one declaration: `client.request(CatalogueSubjects.userUpdate, payload)` infers
 * its reply from the subject and refuses a payload of the wrong shape, and a plain string is not a
 * subject — so neither end can restate the types by hand and drift from the other.
 */
declare const message: unique symbol;

export type Subject<P, R> = string & { readonly [message]: { payload: P; reply: R } };

/** Any subject: the bound of the functions that take one (the brand is covariant in both). */
export type AnySubject = Subject<unknown, unknown>;

/** What a request on the subject sends (the envelope: actor, id, data…). */
export type PayloadOf<S> = S extends Subject<infer P, unknown> ? P : never;

/** What the subject's handler answers. */
export type ReplyOf<S> = S extends Subject<unknown, infer R> ? R : never;

/** Declares a subject: the name on the wire, the payload and reply in the type parameters. */
export function subject<P, R>(name: string): Subject<P, R> {
  return name as Subject<P, R>;
}
