import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, CatalogueSubjects, ChangePasswordDto, CreateUserDto, LoginDto, UpdateUserDto, UserQuery } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { UsersService } from './users.service';

@Controller()
export class UsersHandlers {
  constructor(private readonly users: UsersService) {}

  @Handles(CatalogueSubjects.userCreate)
  create(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateUserDto) {
    return this.users.create(actor, data);
  }

  @Handles(CatalogueSubjects.userAuthenticate)
  authenticate(@Payload('data') data: LoginDto) {
    return this.users.authenticate(data);
  }

  @Handles(CatalogueSubjects.userGet)
  get(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.users.get(actor, id);
  }

  @Handles(CatalogueSubjects.userList)
  list(@Payload('actor') actor: Actor | null, @Payload('data') data: UserQuery) {
    return this.users.list(actor, data);
  }

  @Handles(CatalogueSubjects.userUpdate)
  update(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: UpdateUserDto) {
    return this.users.update(actor, id, data);
  }

  @Handles(CatalogueSubjects.userPasswordChange)
  changePassword(@Payload('actor') actor: Actor | null, @Payload('data') data: ChangePasswordDto) {
    return this.users.changePassword(actor, data);
  }

  @Handles(CatalogueSubjects.userSessionsRevoke)
  revokeSessions(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.users.revokeSessions(actor, id);
  }

  @Handles(CatalogueSubjects.userLogout)
  logout(@Payload('actor') actor: Actor | null) {
    return this.users.logout(actor);
  }

  @Handles(CatalogueSubjects.userSession)
  session(@Payload('id') id: string) {
    return this.users.session(id);
  }
}
