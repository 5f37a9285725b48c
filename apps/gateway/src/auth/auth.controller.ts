import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags, ApiOkResponse } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import {
  Actor, AuthenticateReply, CatalogueSubjects, ChangePasswordDto, LoginDto, UserView, SignedInView,
} from '@yixiang/contracts';
import { ServiceCallError } from '@yixiang/common';
import { GatewayConfig } from '../config';
import { Services } from '../http/services';
import { CurrentActor, Public } from './actor.decorator';
import { AccessTokenClaims } from './auth.guard';
import { LoginRateLimiter } from './login-rate-limiter';
import { SessionCache } from './session-cache';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';

interface SignedIn {
  accessToken: string;
  expiresIn: number;
  user: UserView;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly services: Services,
    private readonly jwt: JwtService,
    private readonly limiter: LoginRateLimiter,
    private readonly config: GatewayConfig,
    private readonly sessions: SessionCache,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for a bearer access token' })
  @ApiOkResponse({ type: SignedInView })
  @ApiErrors(400, 401, 429, 503)
  async login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<SignedIn> {
    await this.limiter.check(request.ip, dto.email);
    const reply = await this.services.catalogue.request(CatalogueSubjects.userAuthenticate, { actor: null, data: dto }).catch(async (error: unknown) => {
      if (error instanceof ServiceCallError && error.body.code === 'UNAUTHENTICATED') await this.limiter.recordFailure(request.ip, dto.email);
      throw error;
    });
    return this.signedIn(reply);
  }

  @Get('me')
  @ApiSignedIn()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserView })
  @ApiErrors(401, 503)
  me(@CurrentActor() actor: Actor): Promise<UserView> {
    return this.services.catalogue.request(CatalogueSubjects.userGet, { actor, id: actor.userId });
  }

  /** Ends this token — and the user's others (see UsersService.logout for why all of them). */
  @Post('logout')
  @HttpCode(204)
  @ApiSignedIn()
  @ApiOperation({ summary: 'Sign out: this token and every other token of the user stop working' })
  @ApiNoContentResponse({ description: 'signed out' })
  @ApiErrors(401, 503)
  async logout(@CurrentActor() actor: Actor): Promise<void> {
    await this.services.catalogue.request(CatalogueSubjects.userLogout, { actor });
    this.sessions.forget(actor.userId);
  }

  @Post('password')
  @HttpCode(200)
  @ApiSignedIn()
  @ApiOperation({ summary: 'Change your own password: every old token ends; the answer carries a new one' })
  @ApiOkResponse({ type: SignedInView })
  @ApiErrors(400, 401, 503)
  async changePassword(@CurrentActor() actor: Actor, @Body() data: ChangePasswordDto): Promise<SignedIn> {
    const reply = await this.services.catalogue.request(CatalogueSubjects.userPasswordChange, { actor, data });
    this.sessions.forget(actor.userId);
    return this.signedIn(reply);
  }

  private async signedIn({ user, tokenVersion }: AuthenticateReply): Promise<SignedIn> {
    const claims: Omit<AccessTokenClaims, 'exp'> = { sub: user.id, ver: tokenVersion };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.JWT_TTL_SECONDS });
    return { accessToken, expiresIn: this.config.JWT_TTL_SECONDS, user };
  }
}
