/**
 * Codes of the hospital files (docs/formats/hospital.md), with the words a timeline shows for them.
 * Admission method, discharge destination and treatment function are NHS Data Dictionary code lists;
 * the delay reasons are those of the Delayed Transfers of Care returns (DOMAIN.md §4.2, collected until
 * February 2020 and kept as the vocabulary of why a discharge was delayed).
 */

export interface AdmissionMethod {
  /** NHS Data Dictionary ADMISSION METHOD description, shortened. */
  readonly label: string;
  /** How a timeline title begins. */
  readonly title: string;
}

/** NHS Data Dictionary ADMISSION METHOD. */
export const admissionMethods: Readonly<Record<string, AdmissionMethod>> = {
  '11': { label: 'Elective: waiting list', title: 'Elective admission (waiting list)' },
  '12': { label: 'Elective: booked', title: 'Elective admission (booked)' },
  '13': { label: 'Elective: planned', title: 'Elective admission (planned)' },
  '21': { label: 'Emergency: via A&E', title: 'Emergency admission (via A&E)' },
  '22': { label: 'Emergency: via GP', title: 'Emergency admission (via GP)' },
  '23': { label: 'Emergency: via bed bureau', title: 'Emergency admission (via bed bureau)' },
  '24': { label: 'Emergency: via consultant clinic', title: 'Emergency admission (via consultant clinic)' },
  '25': { label: 'Emergency: via mental health crisis resolution team', title: 'Emergency admission (via crisis team)' },
  '2A': { label: 'Emergency: via the A&E of another provider', title: 'Emergency admission (via another A&E)' },
  '2B': { label: 'Emergency: transfer from another hospital', title: 'Emergency transfer from another hospital' },
  '2C': { label: 'Emergency: baby born at home as intended', title: 'Emergency admission (baby born at home)' },
  '2D': { label: 'Emergency: other', title: 'Emergency admission' },
  '28': { label: 'Emergency: other means', title: 'Emergency admission' },
  '31': { label: 'Maternity: ante partum', title: 'Maternity admission' },
  '32': { label: 'Maternity: post partum', title: 'Maternity admission' },
  '81': { label: 'Transfer from another hospital, not in an emergency', title: 'Transfer from another hospital' },
  '82': { label: 'Birth of a baby in this provider', title: 'Birth' },
  '83': { label: 'Baby born outside the provider', title: 'Admission of a baby born elsewhere' },
  '99': { label: 'Not known', title: 'Admission' },
};

export interface DischargeDestination {
  readonly label: string;
  /** How a timeline title ends, e.g. "to usual residence". */
  readonly phrase: string;
}

/** NHS Data Dictionary DISCHARGE DESTINATION. */
export const dischargeDestinations: Readonly<Record<string, DischargeDestination>> = {
  '19': { label: 'Usual place of residence', phrase: 'to usual residence' },
  '29': { label: 'Temporary place of residence', phrase: 'to a temporary residence' },
  '37': { label: 'Court', phrase: 'to court' },
  '38': { label: 'Penal establishment or police station', phrase: 'to a prison or police station' },
  '48': { label: 'High security psychiatric hospital, Scotland', phrase: 'to a secure hospital' },
  '49': { label: 'NHS high security psychiatric accommodation', phrase: 'to a secure hospital' },
  '50': { label: 'NHS medium secure unit', phrase: 'to a secure hospital' },
  '51': { label: 'NHS hospital ward (general)', phrase: 'to an NHS hospital ward' },
  '52': { label: 'NHS hospital ward (maternity or neonates)', phrase: 'to an NHS hospital ward' },
  '53': { label: 'NHS hospital ward (mental illness or learning disabilities)', phrase: 'to an NHS hospital ward' },
  '54': { label: 'NHS run care home', phrase: 'to a care home' },
  '65': { label: 'Local authority residential accommodation', phrase: 'to council residential care' },
  '66': { label: 'Local authority foster care', phrase: 'to foster care' },
  '79': { label: 'Died', phrase: 'died' },
  '84': { label: 'Non-NHS medium secure unit', phrase: 'to a secure hospital' },
  '85': { label: 'Non-NHS care home', phrase: 'to a care home' },
  '87': { label: 'Non-NHS hospital', phrase: 'to a non-NHS hospital' },
  '88': { label: 'Non-NHS hospice', phrase: 'to a hospice' },
  '98': { label: 'Not applicable: spell not finished', phrase: 'not yet discharged' },
  '99': { label: 'Not known', phrase: 'destination not known' },
};

/** Delayed Transfers of Care reason codes (DOMAIN.md §4.2). */
export const delayReasons: Readonly<Record<string, string>> = {
  A: 'Awaiting completion of assessment',
  B: 'Awaiting public funding',
  C: 'Awaiting further non-acute NHS care',
  'D(i)': 'Awaiting residential home placement or availability',
  'D(ii)': 'Awaiting nursing home placement or availability',
  E: 'Awaiting care package in own home',
  F: 'Awaiting community equipment and adaptations',
  G: 'Patient or family choice',
  H: 'Disputes',
  I: 'Housing – patients not covered by the Care Act',
};

/** Other spellings of the D codes seen in exports ("Di", "D ii", "D1", "D2"), folded to upper case without spaces. */
export const delayReasonAliases: Readonly<Record<string, string>> = {
  DI: 'D(i)', 'D(I)': 'D(i)', D1: 'D(i)', DII: 'D(ii)', 'D(II)': 'D(ii)', D2: 'D(ii)',
};

/** Discharge pathways of the Hospital discharge and community support guidance (DHSC 2022; DOMAIN.md §4.1). */
export const dischargePathways: Readonly<Record<string, string>> = {
  '0': 'home without new support',
  '1': 'home with new support',
  '2': 'a bed-based setting for recovery',
  '3': 'a care home',
};

export const hospitalSites: Readonly<Record<string, string>> = {
  acute: 'Acute hospital',
  community: 'Community hospital',
};

/** NHS Data Dictionary TREATMENT FUNCTION CODE: the specialties our files use; other codes show as the code alone. */
export const treatmentFunctions: Readonly<Record<string, string>> = {
  '100': 'General surgery',
  '101': 'Urology',
  '110': 'Trauma and orthopaedics',
  '120': 'Ear, nose and throat',
  '130': 'Ophthalmology',
  '300': 'General internal medicine',
  '301': 'Gastroenterology',
  '314': 'Rehabilitation',
  '320': 'Cardiology',
  '328': 'Stroke medicine',
  '330': 'Dermatology',
  '340': 'Respiratory medicine',
  '430': 'Geriatric medicine',
  '502': 'Gynaecology',
  '800': 'Clinical oncology',
};
