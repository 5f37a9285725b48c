import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiOkResponse, ApiCreatedResponse } from '@nestjs/swagger';
import {
  Actor, CatalogueSubjects, CreateUserDto, Page, UserQuery, UserView, pageOf,
} from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { UuidPipe } from '../http/id.pipe';
import { Services } from '../http/services';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';

@ApiTags('users')
@ApiSignedIn()
@Controller('users')
export class UsersController {
  constructor(private readonly services: Services) {}

  @Post()
  @ApiOperation({ summary: 'Create a user (bureau: any; institution admin: own institution)' })
  @ApiCreatedResponse({ type: UserView })
  @ApiErrors(400, 403, 409)
  create(@CurrentActor() actor: Actor, @Body() data: CreateUserDto): Promise<UserView> {
    return this.services.catalogue.request(CatalogueSubjects.userCreate, { actor, data });
  }

  @Get()
  @ApiOkResponse({ type: pageOf(UserView) })
  @ApiErrors(400, 403)
  @ApiOperation({ summary: 'Users (bureau: all; institution admin: own institution), paginated' })
  list(@CurrentActor() actor: Actor, @Query() data: UserQuery): Promise<Page<UserView>> {
    return this.services.catalogue.request(CatalogueSubjects.userList, { actor, data });
  }

  @Get(':id')
  @ApiOkResponse({ type: UserView })
  @ApiErrors(403, 404)
  @ApiOperation({ summary: 'One user' })
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<UserView> {
    return this.services.catalogue.request(CatalogueSubjects.userGet, { actor, id });
  }
}
