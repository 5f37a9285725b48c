import type { Actor } from '../auth';

/**
 * The shapes request payloads share. `actor` is who asks (null for the few public subjects:
 * authenticate, categories, the gateway's session check); `data` is the request's DTO, which the
 * handler's validation pipe checks against its class; `id` names the aggregate acted on.
 */
export interface ActorOnly {
  actor: Actor | null;
}

export interface WithData<D> extends ActorOnly {
  data: D;
}

export interface ById extends ActorOnly {
  id: string;
}

export interface ByIdWithData<D> extends ById {
  data: D;
}

/** An export left in Redis for the gateway to send: where, under what name, and how many rows. */
export interface ExportedFile {
  blobKey: string;
  fileName: string;
  contentType: string;
  rows: number;
}

/** The request for an export file: which one, in which format, and of what (a month, a run). */
export interface ExportRequest extends ActorOnly {
  kind: string;
  format: string;
}
