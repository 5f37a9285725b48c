/** What billing asks the catalogue about the instruments and institutions it bills (ids in, codes and cards out). */
export interface BillingFacts {
  /** `name`: what the spreadsheet exports show beside the code (issue 21). Optional: older replies lack it. */
  instruments: { id: string; code: string; institutionId: string; name?: string }[];
  /**
   * `kind` and `region`: voucher programmes' applicant and provider regions; `name`: what a statement's
   * notice calls its parties (issue 19). Optional: older replies lack them.
   */
  institutions: { id: string; code: string; groupCode: string | null; kind?: string; region?: string | null; name?: string }[];
  rateCards: {
    code: string; instrumentId: string; serviceMode: 'self' | 'assisted' | 'sample'; unit: 'hour' | 'sample';
    internalPriceFen: string; externalPriceFen: string; incrementMinutes: number | null; minimumChargeFen: string;
    validFrom: string; validTo: string | null;
  }[];
}

/** Codes of the exchange format resolved to ids (unknown codes are left out). */
export interface ResolvedCodes {
  instruments: Record<string, { id: string; institutionId: string }>;
  users: Record<string, { id: string; institutionId: string | null }>;
  institutions: Record<string, { id: string }>;
}
