/**
 * Internal (issue 16): the regions of institutions, so that billing, booking and subsidy can ask the
 * permission rules about regional bureau officers without reading the catalogue's tables. Either
 * the institutions named (`institutionIds`) or every institution of `region`.
 */
export interface InstitutionRegionsQuery {
  institutionIds?: string[];
  region?: string;
}

export interface InstitutionRegionsReply {
  institutions: { id: string; region: string | null }[];
}
