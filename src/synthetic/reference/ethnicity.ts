/**
 * The 2021 Census ethnic groups (England), labelled "Group - Category" as the adult social care Client
 * Level Data list does (DOMAIN.md §3.4), with the two CLD "No data" values after them.
 *
 * Labels follow the ONS 2021 Census wording for England ("Asian, Asian British or Asian Welsh", "Black,
 * Black British, Black Welsh, Caribbean or African", "Mixed or Multiple ethnic groups"). Some systems
 * write the older 2011 group names ("Asian or Asian British - Indian"); an import should normalise them.
 *
 * `nhsCode` is the NHS Data Dictionary ETHNIC CATEGORY code (the 2001-based A–S list that NHS datasets
 * still use): the 2021 categories without a code of their own fold into the nearest one, Gypsy or
 * Irish Traveller and Roma into C (Any other White background) and Arab into S (Any other ethnic
 * group). Z is "Not stated" (asked and declined) and 99 "Not known" (not asked).
 *
 * `weight` is people per 10,000 in an older coastal English place. The figures are approximate: they
 * follow the orders of magnitude of the 2021 Census for Torbay and similar places (about 94% White
 * British, 2–3% other White, about 1.5% Mixed, about 1.2% Asian, under 0.5% Black), rounded, not
 * copied from a published table; they add up to 10,000. Older people are even more often White
 * British; a generator that wants that can weight by age itself. The "No data" values weigh
 * nothing: every true person has an ethnic group; only a source's record can lack it.
 */
import { cumulative } from '../random.js';

/** Which name lists a person's names are drawn from. */
export type NameGroup =
  | 'british'
  | 'irish'
  | 'gypsy-traveller'
  | 'polish-eastern-european'
  | 'south-asian-muslim'
  | 'south-asian-hindu-sikh'
  | 'black-african'
  | 'black-caribbean'
  | 'chinese'
  | 'arab'
  | 'other';

export interface EthnicGroup {
  /** As the CLD list writes it, e.g. "White - Irish". */
  readonly label: string;
  /** NHS Data Dictionary ETHNIC CATEGORY code. */
  readonly nhsCode: string;
  /** People per 10,000 in an older coastal English place (approximate; see the note above). */
  readonly weight: number;
  readonly nameGroup: NameGroup;
  /**
   * Share of people in the group whose names come from the British lists instead: many people of
   * mixed heritage, and many born in England to parents from elsewhere, have British names
   * (judgement, not a published figure).
   */
  readonly britishNameShare: number;
}

export const ethnicGroups: readonly EthnicGroup[] = [
  { label: 'White - English, Welsh, Scottish, Northern Irish or British', nhsCode: 'A', weight: 9_367, nameGroup: 'british', britishNameShare: 1 },
  { label: 'White - Irish', nhsCode: 'B', weight: 45, nameGroup: 'irish', britishNameShare: 0.3 },
  { label: 'White - Gypsy or Irish Traveller', nhsCode: 'C', weight: 12, nameGroup: 'gypsy-traveller', britishNameShare: 0.3 },
  { label: 'White - Roma', nhsCode: 'C', weight: 5, nameGroup: 'polish-eastern-european', britishNameShare: 0.05 },
  { label: 'White - Any other White background', nhsCode: 'C', weight: 250, nameGroup: 'polish-eastern-european', britishNameShare: 0.35 },
  { label: 'Mixed or Multiple ethnic groups - White and Asian', nhsCode: 'F', weight: 45, nameGroup: 'south-asian-hindu-sikh', britishNameShare: 0.75 },
  { label: 'Mixed or Multiple ethnic groups - White and Black African', nhsCode: 'E', weight: 18, nameGroup: 'black-african', britishNameShare: 0.6 },
  { label: 'Mixed or Multiple ethnic groups - White and Black Caribbean', nhsCode: 'D', weight: 32, nameGroup: 'black-caribbean', britishNameShare: 0.7 },
  { label: 'Mixed or Multiple ethnic groups - Any other Mixed or Multiple ethnic background', nhsCode: 'G', weight: 40, nameGroup: 'other', britishNameShare: 0.7 },
  { label: 'Asian, Asian British or Asian Welsh - Bangladeshi', nhsCode: 'K', weight: 10, nameGroup: 'south-asian-muslim', britishNameShare: 0.02 },
  { label: 'Asian, Asian British or Asian Welsh - Chinese', nhsCode: 'R', weight: 25, nameGroup: 'chinese', britishNameShare: 0.1 },
  { label: 'Asian, Asian British or Asian Welsh - Indian', nhsCode: 'H', weight: 30, nameGroup: 'south-asian-hindu-sikh', britishNameShare: 0.03 },
  { label: 'Asian, Asian British or Asian Welsh - Pakistani', nhsCode: 'J', weight: 8, nameGroup: 'south-asian-muslim', britishNameShare: 0.02 },
  { label: 'Asian, Asian British or Asian Welsh - Any other Asian background', nhsCode: 'L', weight: 45, nameGroup: 'other', britishNameShare: 0.1 },
  { label: 'Black, Black British, Black Welsh, Caribbean or African - African', nhsCode: 'N', weight: 20, nameGroup: 'black-african', britishNameShare: 0.1 },
  { label: 'Black, Black British, Black Welsh, Caribbean or African - Caribbean', nhsCode: 'M', weight: 6, nameGroup: 'black-caribbean', britishNameShare: 0.3 },
  { label: 'Black, Black British, Black Welsh, Caribbean or African - Any other Black, Black British or Caribbean background', nhsCode: 'P', weight: 5, nameGroup: 'black-african', britishNameShare: 0.4 },
  { label: 'Other ethnic group - Arab', nhsCode: 'S', weight: 7, nameGroup: 'arab', britishNameShare: 0.02 },
  { label: 'Other ethnic group - Any other ethnic group', nhsCode: 'S', weight: 30, nameGroup: 'other', britishNameShare: 0.1 },
  { label: 'No data - Refused', nhsCode: 'Z', weight: 0, nameGroup: 'british', britishNameShare: 1 },
  { label: 'No data - Undeclared or Not known', nhsCode: '99', weight: 0, nameGroup: 'british', britishNameShare: 1 },
];

/** Index of "White - English, Welsh, Scottish, Northern Irish or British". */
export const whiteBritish = 0;
/** Index of "No data - Refused", for a source that asked and was refused. */
export const ethnicityRefused = ethnicGroups.length - 2;
/** Index of "No data - Undeclared or Not known", for a source that did not ask or record. */
export const ethnicityNotKnown = ethnicGroups.length - 1;

/** Cumulative population weights of `ethnicGroups`, for `Random.weightedIndex`. */
export const ethnicityWeights: Float64Array = cumulative(ethnicGroups.map((group) => group.weight));
