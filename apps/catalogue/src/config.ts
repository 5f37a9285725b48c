import { IsEmail, IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { ServiceConfig } from '@yixiang/common';

export class CatalogueConfig extends ServiceConfig {
  /** The first bureau account of a fresh install; created once, never overwritten. */
  @IsEmail() BOOTSTRAP_ADMIN_EMAIL: string = 'bureau@yixiang.local';
  /** Must pass the password policy (libs/domain), checked at start-up. */
  @IsString() @MinLength(10) BOOTSTRAP_ADMIN_PASSWORD: string = 'yixiang-kejiju-2026';
  /**
   * Limits of an import bundle, checked while it is unzipped (libs/common exchange/bundle.ts): the
   * upload as the gateway takes it (its MAX_UPLOAD_MB), unpacked in all and per file, unpacked
   * bytes per packed byte (a generated 100,000-instrument bundle packs about 4:1), files.
   */
  @IsInt() @Min(1) @Max(2048) IMPORT_MAX_UPLOAD_MB: number = 200;
  @IsInt() @Min(1) @Max(4096) IMPORT_MAX_EXPANDED_MB: number = 512;
  @IsInt() @Min(1) @Max(500) IMPORT_MAX_FILE_MB: number = 256;
  @IsInt() @Min(2) @Max(10000) IMPORT_MAX_RATIO: number = 200;
  @IsInt() @Min(1) @Max(100) IMPORT_MAX_FILES: number = 20;
  /**
   * The sweep for imports whose job was lost (ImportSweep): how often it looks, how long an open
   * import may go without a job first (its updated_at; a job is enqueued at once after the bundle
   * is stored), and how many times one is resumed before it is rolled back.
   */
  @IsInt() @Min(1) @Max(3600) IMPORT_SWEEP_SECONDS: number = 30;
  @IsInt() @Min(1) @Max(86400) IMPORT_LOST_GRACE_SECONDS: number = 120;
  @IsInt() @Min(0) @Max(100) IMPORT_MAX_RESUMES: number = 5;
  /** Test-only: a pause after billing committed its part, before the catalogue commits (fault tests kill the worker in it). */
  @IsInt() @Min(0) @Max(600000) IMPORT_TEST_PAUSE_BEFORE_COMMIT_MS: number = 0;
}
