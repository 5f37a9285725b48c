import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import type { NatsConnection, Subscription } from 'nats';
import { Actor, CatalogueSubjects, UserSessionsRevokedEvent } from '@yixiang/contracts';
import { NATS_CLIENT, trimOldest } from '@yixiang/common';
import { GatewayConfig } from '../config';
import { Services } from '../http/services';

/** What the gateway believes about a token's user until `until` (ms since the epoch). */
export interface LiveSession {
  /** Null: deactivated or no such user; every token of theirs is refused. */
  actor: Actor | null;
  tokenVersion: number;
  until: number;
}

/** Users remembered at once; a few hundred bytes each. */
const SESSIONS_KEPT = 20_000;

/**
 * The current role, institution and token version of the users whose tokens this gateway sees,
 * asked of the catalogue (catalogue.user.session) at most every SESSION_CACHE_MS per user. A token
 * stands for its user as they are now, not as they were at sign-in: moved to another institution,
 * they act for the new one. On the hot path this is one Map lookup. A revocation event from the
 * catalogue (catalogue.user.sessions-revoked) drops the user's entry at once, on every replica.
 */
@Injectable()
export class SessionCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SessionCache.name);
  private readonly sessions = new Map<string, LiveSession>();
  private readonly pending = new Map<string, Promise<LiveSession>>();
  /**
   * Bumped by every revocation: a lookup that was on its way while one arrived answers its own
   * request but is not remembered, since it may have read the row before the change.
   */
  private revocations = 0;
  private subscription: Subscription | null = null;
  private closed = false;

  constructor(
    private readonly services: Services,
    private readonly config: GatewayConfig,
    @Inject(NATS_CLIENT) private readonly nats: ClientProxy,
  ) {}

  onModuleInit(): void {
    void this.subscribe();
  }

  onModuleDestroy(): void {
    this.closed = true;
    this.subscription?.unsubscribe();
  }

  /** The remembered session while it is fresh, else undefined (then `load`). */
  fresh(userId: string, now: number): LiveSession | undefined {
    const kept = this.sessions.get(userId);
    return kept && kept.until > now ? kept : undefined;
  }

  /** Asks the catalogue; concurrent requests of one user share the one question. */
  load(userId: string): Promise<LiveSession> {
    const inFlight = this.pending.get(userId);
    if (inFlight) return inFlight;
    const revocationsBefore = this.revocations;
    const promise = this.services.catalogue.request(CatalogueSubjects.userSession, { actor: null, id: userId })
      .then((reply) => {
        const session: LiveSession = {
          actor: reply.active ? { userId, role: reply.role, institutionId: reply.institutionId, region: reply.role === 'bureau' ? reply.region ?? null : null } : null,
          tokenVersion: reply.tokenVersion,
          until: Date.now() + this.config.SESSION_CACHE_MS,
        };
        if (this.revocations === revocationsBefore) {
          this.sessions.delete(userId);
          this.sessions.set(userId, session);
          trimOldest(this.sessions, SESSIONS_KEPT);
        }
        return session;
      })
      .finally(() => {
        if (this.pending.get(userId) === promise) this.pending.delete(userId);
      });
    this.pending.set(userId, promise);
    return promise;
  }

  /** Forgets a user: their next request asks the catalogue again. */
  forget(userId: string): void {
    this.revocations++;
    this.sessions.delete(userId);
    this.pending.delete(userId);
  }

  private async subscribe(): Promise<void> {
    while (!this.closed && !this.subscription) {
      try {
        const connection = (await this.nats.connect()) as NatsConnection;
        this.subscription = connection.subscribe(CatalogueSubjects.userSessionsRevoked, {
          callback: (error, message) => {
            if (error) return;
            try {
              const event = JSON.parse(new TextDecoder().decode(message.data)) as UserSessionsRevokedEvent;
              if (typeof event.userId === 'string') this.forget(event.userId);
            } catch {
              // Not ours to answer; the cache's short life covers a lost event.
            }
          },
        });
      } catch (error) {
        this.logger.warn(`cannot subscribe to ${CatalogueSubjects.userSessionsRevoked} yet (${error instanceof Error ? error.message : String(error)}); retrying`);
        await new Promise((r) => setTimeout(r, 2000).unref());
      }
    }
  }
}
