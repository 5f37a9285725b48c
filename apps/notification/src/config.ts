import { IsIn, IsInt, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { ServiceConfig } from '@yixiang/common';

export class NotificationConfig extends ServiceConfig {
  /** The SMTP server mail goes through: smtp://user:pass@host:port (smtps:// for TLS). Unset: e-mails fail visibly ("no SMTP server configured"). */
  @ValidateIf((_o, v) => v !== undefined && v !== '') @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM: string = '仪享平台 <noreply@yixiang.local>';

  /** Where users open the web app: the links in messages. */
  @Matches(/^https?:\/\//, { message: 'PUBLIC_URL must be an http(s):// URL' })
  PUBLIC_URL: string = 'http://127.0.0.1:3000';

  /** Attempts of each delivery (e-mail, robot, webhook) before it is failed. */
  @IsInt() @Min(1) @Max(20)
  DELIVERY_ATTEMPTS: number = 8;

  /** First retry's delay; each next one doubles (10 s, 20 s, … 21 min over eight attempts). */
  @IsInt() @Min(10) @Max(3600000)
  DELIVERY_BACKOFF_MS: number = 10000;

  /** How long a webhook or robot call may take. */
  @IsInt() @Min(100) @Max(60000)
  DELIVERY_TIMEOUT_MS: number = 10000;

  /**
   * Whether webhooks and robots may aim at internal addresses (127.0.0.1, 10.x, service names…).
   * Off in production: an institution's URL must not reach the platform's own services. Test stacks turn it on.
   */
  @IsIn(['true', 'false'])
  WEBHOOK_ALLOW_INTERNAL: string = 'false';
}
