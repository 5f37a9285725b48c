import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, CatalogueSubjects, ChangePasswordDto, CreateUserDto, LoginDto, UpdateUserDto, UserQuery } from '@yixiang/contracts';
import { UsersService } from './users.service';

@Controller()
export class UsersHandlers {
  constructor(private readonly users: UsersService) {}

  @MessagePattern(CatalogueSubjects.userCreate)
  create(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateUserDto) {
    return this.users.create(actor, data);
  }

  @MessagePattern(CatalogueSubjects.userAuthenticate)
  authenticate(@Payload('data') data: LoginDto) {
    return this.users.authenticate(data);
  }

  @MessagePattern(CatalogueSubjects.userGet)
  get(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.users.get(actor, id);
  }

  @MessagePattern(CatalogueSubjects.userList)
  list(@Payload('actor') actor: Actor | null, @Payload('data') data: UserQuery) {
    return this.users.list(actor, data);
  }

  @MessagePattern(CatalogueSubjects.userUpdate)
  update(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: UpdateUserDto) {
    return this.users.update(actor, id, data);
  }

  @MessagePattern(CatalogueSubjects.userPasswordChange)
  changePassword(@Payload('actor') actor: Actor | null, @Payload('data') data: ChangePasswordDto) {
    return this.users.changePassword(actor, data);
  }

  @MessagePattern(CatalogueSubjects.userSessionsRevoke)
  revokeSessions(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.users.revokeSessions(actor, id);
  }

  @MessagePattern(CatalogueSubjects.userLogout)
  logout(@Payload('actor') actor: Actor | null) {
    return this.users.logout(actor);
  }

  @MessagePattern(CatalogueSubjects.userSession)
  session(@Payload('id') id: string) {
    return this.users.session(id);
  }
}
