import { MessagePattern } from '@nestjs/microservices';
import type { AnySubject, ReplyOf } from '@yixiang/contracts';
import { JsonReply } from './transport';

/**
 * What a handler of a subject may answer: the subject's reply, or that reply already serialised
 * (a JsonReply, which ServiceServer sends as its bytes — the catalogue's cached search pages).
 */
export type AnswerTo<S extends AnySubject> = ReplyOf<S> | JsonReply | Promise<ReplyOf<S> | JsonReply>;

/**
 * `@MessagePattern` for the subjects of subjects.ts, checked: the method must answer the
 * subject's reply type (ReplyOf), so a handler cannot drift from what its callers are told they
 * get. Parameters keep `@Payload('actor')`, `@Payload('data')`…; the validation pipe checks `data`
 * against its DTO class as before. Several subjects (retired ones answered alike) may share one
 * handler, which then answers each of their replies.
 */
export function Handles<S extends AnySubject>(...subjects: [S, ...S[]]) {
  const pattern = subjects.length === 1 ? subjects[0] : subjects;
  // The method's parameters are Nest's to fill from the packet (`never[]` accepts any list of them).
  return <M extends (...args: never[]) => AnswerTo<S>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    MessagePattern(pattern)(target, key, descriptor);
  };
}
