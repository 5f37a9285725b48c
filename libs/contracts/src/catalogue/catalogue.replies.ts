/** Replies of catalogue subjects that have no view of their own (see subjects.ts). */

/** Whether a user holds a valid qualification for an instrument at an instant, and until when. */
export interface QualificationCheckReply {
  qualified: boolean;
  validTo: string | null;
}

/** A user's institution (manual usage entry names the user by id or email). */
export interface UserAffiliation {
  userId: string;
  institutionId: string;
}

/** An institution as the subsidy evaluation reads it. */
export interface SubsidyInstitutionFact {
  id: string;
  code: string;
  region: string | null;
  groupCode: string | null;
}

/** An instrument as the subsidy evaluation reads it; the value in fen as a decimal string (it may pass 2^53). */
export interface InstrumentFact {
  id: string;
  code: string;
  institutionCode: string;
  originalValueFen: string;
  purchaseDate: string | null;
  retiredOn: string | null;
  specialised: boolean;
  sharingStatus: 'open' | 'internal' | 'suspended';
  onlineBooking: boolean;
  rateCards: { validFrom: string; validTo: string | null }[];
}

/** A page of the evaluation's facts: every institution on the first page, instruments in code order after `after`. */
export interface SubsidyFacts {
  institutions: SubsidyInstitutionFact[];
  instruments: InstrumentFact[];
}
