import { Body, Controller, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Actor, CatalogueSubjects, UpdateUserDto, UserView,
} from '@yixiang/contracts';
import { UuidPipe } from '../http/id.pipe';
import { Services } from '../http/services';
import { CurrentActor } from './actor.decorator';
import { SessionCache } from './session-cache';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';

/**
 * Changes to accounts that end their tokens. The catalogue announces each to every gateway; this
 * one also forgets the user itself, so its next request is refused whatever the broker does.
 */
@ApiTags('users')
@ApiSignedIn()
@Controller('users')
export class UserAccountsController {
  constructor(
    private readonly services: Services,
    private readonly sessions: SessionCache,
  ) {}

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user (bureau: anyone; institution admin: own institution). Role, institution, password or active changes end their tokens' })
  @ApiOkResponse({ type: UserView })
  @ApiErrors(400, 403, 404, 409)
  async update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() data: UpdateUserDto): Promise<UserView> {
    const user = await this.services.catalogue.request(CatalogueSubjects.userUpdate, { actor, id, data });
    this.sessions.forget(id);
    return user;
  }

  @Post(':id/sessions/revoke')
  @HttpCode(204)
  @ApiOperation({ summary: 'End every token of a user (bureau: anyone; institution admin: users of their own institution)' })
  @ApiNoContentResponse({ description: 'every token the user had is refused from now on' })
  @ApiErrors(403, 404)
  async revoke(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<void> {
    await this.services.catalogue.request(CatalogueSubjects.userSessionsRevoke, { actor, id });
    this.sessions.forget(id);
  }
}
