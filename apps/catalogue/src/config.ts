import { IsEmail, IsString, MinLength } from 'class-validator';
import { ServiceConfig } from '@yixiang/common';

export class CatalogueConfig extends ServiceConfig {
  /** The first bureau account of a fresh install; created once, never overwritten. */
  @IsEmail() BOOTSTRAP_ADMIN_EMAIL: string = 'bureau@yixiang.local';
  /** Must pass the password policy (libs/domain), checked at start-up. */
  @IsString() @MinLength(10) BOOTSTRAP_ADMIN_PASSWORD: string = 'yixiang-kejiju-2026';
}
