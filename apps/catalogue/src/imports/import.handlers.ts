import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, CatalogueSubjects } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { ImportService } from './import.service';

@Controller()
export class ImportHandlers {
  constructor(private readonly imports: ImportService) {}

  @Handles(CatalogueSubjects.importStart)
  start(@Payload('actor') actor: Actor | null, @Payload('data') data: { blobKey: string; fileName: string }) {
    return this.imports.start(actor, data);
  }
}
