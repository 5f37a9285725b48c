import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { Actor, AuthenticateReply, CatalogueSubjects, LoginDto, UserView } from '@yixiang/contracts';
import { ServiceCallError } from '@yixiang/common';
import { GatewayConfig } from '../config';
import { Services } from '../http/services';
import { CurrentActor, Public } from './actor.decorator';
import { AccessTokenClaims } from './auth.guard';
import { LoginRateLimiter } from './login-rate-limiter';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly services: Services,
    private readonly jwt: JwtService,
    private readonly limiter: LoginRateLimiter,
    private readonly config: GatewayConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for a bearer access token' })
  async login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<{ accessToken: string; expiresIn: number; user: UserView }> {
    await this.limiter.check(request.ip, dto.email);
    const { user } = await this.services.catalogue.request<AuthenticateReply>(CatalogueSubjects.userAuthenticate, { actor: null, data: dto }).catch(async (error: unknown) => {
      if (error instanceof ServiceCallError && error.body.code === 'UNAUTHENTICATED') await this.limiter.recordFailure(request.ip, dto.email);
      throw error;
    });
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, inst: user.institutionId };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.JWT_TTL_SECONDS });
    return { accessToken, expiresIn: this.config.JWT_TTL_SECONDS, user };
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  me(@CurrentActor() actor: Actor): Promise<UserView> {
    return this.services.catalogue.request(CatalogueSubjects.userGet, { actor, id: actor.userId });
  }
}
