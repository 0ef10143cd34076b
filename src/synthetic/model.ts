/**
 * What the synthetic locality is made of: the true people and everything that happened to them
 * (what a perfect record would hold), and the copies that each source system keeps. Dates are ISO
 * `YYYY-MM-DD` strings throughout; they sort and compare as text.
 */

export type Sex = 'female' | 'male';

/** A postal address in the place. */
export interface Address {
  /** House number or name and street, e.g. "14 Harbour View"; for a care home, the home's name and street. */
  readonly line1: string;
  readonly town: string;
  /** UK format, e.g. "ZQ3 4LP". */
  readonly postcode: string;
  /** Index of the neighbourhood (postcode sector) in `Place.neighbourhoods`. */
  readonly neighbourhood: number;
  /** Set when the address is a care home: its organisation code. */
  readonly careHome?: string;
}

/** Where a person lived from one date until (not including) the next. */
export interface AddressSpell {
  readonly from: string;
  /** Absent for the current address. */
  readonly to?: string;
  readonly address: Address;
}

/** 2021 Census ethnic group, as an index into `reference/ethnicity.ts`. */
export type EthnicityIndex = number;

/** A true person: the one behind every record that describes them. */
export interface Person {
  /** Stable identifier in the truth files, e.g. "P0000042". */
  readonly id: string;
  readonly index: number;
  readonly householdId: string;
  readonly sex: Sex;
  readonly forename: string;
  readonly middleName?: string;
  /** Surname now (at the end of the period). */
  readonly surname: string;
  /** Surname at birth; differs from `surname` when it changed on marriage. */
  readonly birthSurname: string;
  /** The date the surname changed from `birthSurname` to `surname`, when it did. */
  readonly surnameChanged?: string;
  readonly dateOfBirth: string;
  readonly ethnicity: EthnicityIndex;
  /** Valid under modulus 11 and from the never-issued 999 range. */
  readonly nhsNumber: string;
  /** ODS code of the registered GP practice. */
  readonly practice: string;
  /** Oldest first; the spells are contiguous and the last has no `to`. */
  readonly addresses: readonly AddressSpell[];
  readonly dateOfDeath?: string;
  /** Mobile phone, when the person has one; synthetic numbers from Ofcom's drama range (07700 900xxx). */
  readonly phone?: string;
}

/** An unpaid carer and the person they care for (both true people). */
export interface CaringRole {
  readonly carerId: string;
  readonly caredForId: string;
  readonly relationship: 'spouse or partner' | 'son or daughter' | 'parent' | 'other relative' | 'friend or neighbour';
  readonly from: string;
  readonly hoursPerWeek: number;
}

/** A long-term condition or eFI deficit coded in the GP record. */
export interface ConditionRecord {
  /** Key into `reference/conditions.ts`. */
  readonly condition: string;
  readonly onset: string;
}

export interface MedicationRecord {
  /** Key into `reference/medications.ts`. */
  readonly medication: string;
  readonly start: string;
  readonly end?: string;
}

export interface GpConsultation {
  readonly id: string;
  readonly date: string;
  readonly mode: 'surgery' | 'telephone' | 'home visit';
}

export interface AeAttendance {
  readonly id: string;
  readonly arrival: string;
  readonly admitted: boolean;
  /** ICD-10 code of the main problem, e.g. "R55". */
  readonly diagnosis: string;
}

/** Discharge pathways 0–3 of the Hospital discharge and community support guidance (DHSC 2022). */
export type DischargePathway = 0 | 1 | 2 | 3;

/** Delay reasons of the Delayed Transfers of Care sitrep (codes A–I; see DOMAIN.md §4.2). */
export type DelayReason = 'A' | 'B' | 'C' | 'D(i)' | 'D(ii)' | 'E' | 'F' | 'G' | 'H' | 'I';

export interface HospitalSpell {
  readonly id: string;
  /** The acute trust's main hospital, or the community hospital (pathway 2 beds). */
  readonly site: 'acute' | 'community';
  /** NHS Data Dictionary ADMISSION METHOD: 21 emergency via A&E, 22 emergency via GP, 11/12 elective, 81 transfer. */
  readonly admissionMethod: '11' | '12' | '21' | '22' | '81';
  readonly admissionDate: string;
  /** The date the person no longer met the criteria to reside; absent when discharged that day. */
  readonly dischargeReadyDate?: string;
  /** Absent when still in hospital at the end of the period. */
  readonly dischargeDate?: string;
  /** ICD-10, primary first, e.g. ["J18.9", "I10", "F03"]. */
  readonly diagnoses: readonly string[];
  readonly delayReason?: DelayReason;
  /** Set for emergency spells of adults that ended alive. */
  readonly pathway?: DischargePathway;
  /** NHS Data Dictionary DISCHARGE DESTINATION: 19 home, 51 NHS hospital ward, 85 care home, 79 died. */
  readonly dischargeDestination?: '19' | '51' | '54' | '85' | '79';
  /** NHS Data Dictionary treatment function code of the main specialty, e.g. "300" general medicine. */
  readonly specialty: string;
}

export interface OutpatientAppointment {
  readonly id: string;
  readonly date: string;
  readonly specialty: string;
  readonly attended: boolean;
}

export interface CommunityContact {
  readonly id: string;
  readonly date: string;
  readonly service: 'District nursing' | 'Community therapy' | 'Rapid response' | 'Community matron';
  readonly setting: 'home' | 'clinic' | 'care home';
}

/** Client Level Data event types (CLD guidance release 1). */
export type CareEventType = 'Request' | 'Assessment' | 'Service' | 'Review';

/** One adult social care event, in Client Level Data shape (DOMAIN.md §3.3–3.4). */
export interface CareEvent {
  readonly id: string;
  readonly type: CareEventType;
  readonly clientType: 'Service User' | 'Carer';
  readonly start: string;
  /** Only Service events may be open (no end). */
  readonly end?: string;
  readonly outcome?: string;
  readonly primarySupportReason: string;
  readonly routeOfAccess?: string;
  readonly assessmentType?: string;
  readonly eligibleNeeds?: 'Yes' | 'No';
  readonly carerInvolved?: 'Yes' | 'No';
  readonly serviceType?: string;
  readonly serviceComponent?: string;
  readonly deliveryMechanism?: string;
  /** Pence per unit. */
  readonly unitCostPence?: number;
  readonly costFrequency?: 'Hourly' | 'Weekly' | 'Daily';
  readonly plannedUnitsPerWeek?: number;
  readonly reviewReason?: 'Planned' | 'Unplanned';
  /** Organisation code of the provider (home care agency, care home). */
  readonly provider?: string;
  /** For carer events, the id of the person cared for. */
  readonly caredForId?: string;
}

/** The oracle: the true chance of an emergency admission in the 12 months from `yearStart`. */
export interface RiskYear {
  readonly yearStart: string;
  readonly age: number;
  /** P(at least one emergency admission within 12 months), exact under the generating process. */
  readonly probability: number;
  /** Emergency admissions that began in those 12 months (observed outcome). */
  readonly emergencyAdmissions: number;
  /** eFI deficits coded at the start of the year (0–36). */
  readonly efiDeficits: number;
  readonly inCareHome: boolean;
}

/** Everything that happened to one person in the period. */
export interface History {
  readonly conditions: readonly ConditionRecord[];
  readonly medications: readonly MedicationRecord[];
  readonly gpConsultations: readonly GpConsultation[];
  readonly aeAttendances: readonly AeAttendance[];
  readonly spells: readonly HospitalSpell[];
  readonly outpatients: readonly OutpatientAppointment[];
  readonly communityContacts: readonly CommunityContact[];
  readonly careEvents: readonly CareEvent[];
  readonly risk: readonly RiskYear[];
  /** Ethnicity and other person-level facts held by the council (CLD person fields). */
  readonly socialCare?: {
    readonly accommodationStatus: string;
    readonly employmentStatus: string;
    readonly hasUnpaidCarer: 'Yes' | 'No' | 'Unknown';
  };
}

/** The source systems that hold their own copies of demographics. */
export type SourceSystem = 'gp' | 'hospital' | 'community' | 'council';

/**
 * One source system's record of a person: its own identifier and its own (possibly wrong, stale or
 * incomplete) copy of their demographics. Every field is as the source holds it.
 */
export interface SourceIdentity {
  readonly source: SourceSystem;
  /** The source's own identifier, e.g. a hospital number "RZZ1234567" or a council person id. */
  readonly localId: string;
  /** The true person (kept in the truth files, never in the source's own output). */
  readonly personId: string;
  readonly nhsNumber?: string;
  readonly forename: string;
  readonly middleName?: string;
  readonly surname: string;
  readonly dateOfBirth?: string;
  readonly sex: Sex | 'unknown';
  readonly line1?: string;
  readonly town?: string;
  readonly postcode?: string;
  readonly phone?: string;
  readonly dateOfDeath?: string;
  /** Which errors were put into this copy (for the truth files), e.g. ["nickname", "dob-day-month-swap"]. */
  readonly errors: readonly string[];
}
