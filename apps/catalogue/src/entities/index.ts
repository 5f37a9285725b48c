import { Category } from './category.entity';
import { Institution } from './institution.entity';
import { Instrument } from './instrument.entity';
import { Qualification } from './qualification.entity';
import { RateCard } from './rate-card.entity';
import { User } from './user.entity';

export { Category, Institution, Instrument, Qualification, RateCard, User };
export const CATALOGUE_ENTITIES = [Category, Institution, Instrument, Qualification, RateCard, User];
