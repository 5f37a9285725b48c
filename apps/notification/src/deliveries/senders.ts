import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { createTransport, Transporter } from 'nodemailer';
import { deliveryUrlProblem, isInternalAddress, robotAccepted, robotBody, SIGNATURE_HEADER, webhookSignature } from '@yixiang/domain';
import { NotificationConfig } from '../config';
import type { DeliveryContent, StoredDelivery } from './deliveries.repository';

/** One attempt's outcome. `permanent`: retrying cannot help (no SMTP server configured, a refused URL). */
export interface SendOutcome { ok: boolean; status: number | null; error: string | null; permanent?: boolean }

/** Sends one delivery once: SMTP for e-mail, an HTTPS POST for robots and webhooks. */
@Injectable()
export class Senders implements OnModuleDestroy {
  private transport: Transporter | null = null;

  constructor(private readonly config: NotificationConfig) {}

  onModuleDestroy(): void {
    this.transport?.close();
  }

  /** `secret`: a webhook delivery's signing key (its webhook's). */
  async send(delivery: StoredDelivery, secret = ''): Promise<SendOutcome> {
    const c = delivery.content;
    switch (c.channel) {
      case 'email':
        return this.email(c);
      case 'robot':
        return this.post(c.url, JSON.stringify(robotBody(c.kind, c.text)), {}, (status, text) => robotAccepted(status, text));
      case 'webhook': {
        const t = Math.floor(Date.now() / 1000);
        return this.post(c.url, c.body, {
          [SIGNATURE_HEADER]: webhookSignature(secret, c.body, t),
          'X-Yixiang-Event': delivery.subject,
          'X-Yixiang-Event-Id': delivery.eventId,
          'X-Yixiang-Delivery': delivery.id,
        }, (status) => status >= 200 && status < 300);
      }
    }
  }

  private async email(c: Extract<DeliveryContent, { channel: 'email' }>): Promise<SendOutcome> {
    if (!this.config.SMTP_URL) return { ok: false, status: null, error: 'no SMTP server configured (SMTP_URL)', permanent: true };
    this.transport ??= createTransport(this.config.SMTP_URL, { from: this.config.MAIL_FROM });
    try {
      const info = await this.transport.sendMail({ from: this.config.MAIL_FROM, to: c.to, subject: c.subject, text: c.text });
      const rejected = info.rejected ?? [];
      return rejected.length > 0 ? { ok: false, status: null, error: `refused by the SMTP server: ${rejected.join(', ')}` } : { ok: true, status: null, error: null };
    } catch (error) {
      const responseCode = (error as { responseCode?: number }).responseCode ?? null;
      return { ok: false, status: responseCode, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The URL as policy allows it now: checked again, and its name resolved, so DNS cannot since point it inside. */
  /** `permanent`: the policy refuses the URL (retrying cannot help); otherwise the name did not resolve (it may later). */
  private async urlProblem(url: string): Promise<{ problem: string; permanent: boolean } | null> {
    const allowInternal = this.config.WEBHOOK_ALLOW_INTERNAL === 'true';
    const problem = deliveryUrlProblem(url, allowInternal);
    if (problem) return { problem, permanent: true };
    if (allowInternal) return null;
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) return null;
    try {
      const addresses = await lookup(host, { all: true });
      return addresses.some((a) => isInternalAddress(a.address)) ? { problem: `${host} resolves to an internal address`, permanent: true } : null;
    } catch (error) {
      return { problem: `cannot resolve ${host}: ${error instanceof Error ? error.message : String(error)}`, permanent: false };
    }
  }

  private async post(url: string, body: string, headers: Record<string, string>, accepted: (status: number, text: string) => boolean): Promise<SendOutcome> {
    const refused = await this.urlProblem(url);
    if (refused) return { ok: false, status: null, error: refused.problem, permanent: refused.permanent };
    try {
      // No redirects: a redirect could lead inside the platform's network.
      const response = await fetch(url, {
        method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(this.config.DELIVERY_TIMEOUT_MS),
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Yixiang-Webhooks/1', ...headers },
      });
      const text = (await response.text()).slice(0, 500);
      return accepted(response.status, text) ? { ok: true, status: response.status, error: null }
        : { ok: false, status: response.status, error: `HTTP ${response.status}${text ? `: ${text}` : ''}` };
    } catch (error) {
      return { ok: false, status: null, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  }
}
