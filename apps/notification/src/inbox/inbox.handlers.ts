import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, NotificationListQuery, NotificationSubjects, UpdatePreferencesDto } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { InboxService } from './inbox.service';

@Controller()
export class InboxHandlers {
  constructor(private readonly inbox: InboxService) {}

  @Handles(NotificationSubjects.inboxList)
  list(@Payload('actor') actor: Actor | null, @Payload('data') data: NotificationListQuery) {
    return this.inbox.list(actor, data ?? {});
  }

  @Handles(NotificationSubjects.inboxUnread)
  unread(@Payload('actor') actor: Actor | null) {
    return this.inbox.unread(actor);
  }

  @Handles(NotificationSubjects.inboxRead)
  read(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.inbox.read(actor, id);
  }

  @Handles(NotificationSubjects.inboxReadAll)
  readAll(@Payload('actor') actor: Actor | null) {
    return this.inbox.readAll(actor);
  }

  @Handles(NotificationSubjects.preferencesGet)
  preferences(@Payload('actor') actor: Actor | null) {
    return this.inbox.preferences(actor);
  }

  @Handles(NotificationSubjects.preferencesPut)
  savePreferences(@Payload('actor') actor: Actor | null, @Payload('data') data: UpdatePreferencesDto) {
    return this.inbox.savePreferences(actor, data);
  }
}
