import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CatalogueSubjects, CreateUserDto, Page, UserQuery, UserView } from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { UuidPipe } from '../http/id.pipe';
import { Services } from '../http/services';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly services: Services) {}

  @Post()
  @ApiOperation({ summary: 'Create a user (bureau: any; institution admin: own institution)' })
  create(@CurrentActor() actor: Actor, @Body() data: CreateUserDto): Promise<UserView> {
    return this.services.catalogue.request(CatalogueSubjects.userCreate, { actor, data });
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query() data: UserQuery): Promise<Page<UserView>> {
    return this.services.catalogue.request(CatalogueSubjects.userList, { actor, data });
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<UserView> {
    return this.services.catalogue.request(CatalogueSubjects.userGet, { actor, id });
  }
}
