/**
 * Medicines prescribed in the synthetic GP record, coded in dm+d (the NHS Dictionary of Medicines and
 * Devices). dm+d ids are SNOMED CT identifiers; in FHIR they go in a Coding whose system is
 * `https://dmd.nhs.uk`. Each medicine is coded as its VTM (virtual therapeutic moiety, e.g.
 * "Amlodipine") where a current VTM id could be checked, otherwise as one common VMP (virtual medicinal
 * product, e.g. "Zopiclone 7.5mg tablets").
 *
 * dm+d re-identified most VTMs (about 2019–2021) to SNOMED "Product containing only …" concepts
 * (77xxxxxxx) and many VMPs (2021–2023) to new 39…/41…/42…1000001… ids; the older ids survive only as
 * "previous" ids. Codes were preferred from sources built on recent dm+d releases. Three VTMs were found
 * only in the June 2018 release and may since have been superseded (marked "2018 release" below).
 *
 * Every code was seen next to its name in one of these sources:
 *   Exeter-Diabetes/sde-sw-framework code_lists/medications/ (dm+d CSVs: blood pressure lowering/
 *     ca_channel_blockers_dmd.csv, acei_dmd.csv, beta_blockers_dmd.csv, thiazide_diuretics_dmd.csv;
 *     diabetes/non_insulin_dm_meds_dmd.csv; antiplatelet medications/antiplatelet_dmd.csv)
 *   UoM-Data-Science-Platforms/gm-sde shared/clinical-code-sets/medications/ (furosemide, citalopram,
 *     donepezil, solifenacin, sertraline, beclometasone, statins, levothyroxine, bisphosphonates,
 *     prednisolone, bnf-eye-meds, bnf-skin-meds: <name>/1/<name>.snomed.txt)
 *   opensafely/polypharmacy-deprescribing-dementia codelists/ (user-ZoeMZou-multimorbidity_prescription_
 *     anxiolytics_anti_depressants.csv, _chronic_constipation.csv, _anti_epileptic_for_pain_only.csv)
 *   opensafely/NeurodegenerativeDiseaseBurden codelists/
 *     bristol-multimorbidity_prescription_anxiolytics_anti_depressants_bnf-dmd.csv
 *   opensafely-core/opencodelists coding_systems/dmd/tests/test_coding_system.py
 *   bennettoxford/openprescribing-hospitals viewer/measures/ (paracetamol_iv, omeprazole,
 *     anticoagulants_oral, lvp_doxazosin_mr, green_inhalers: vmps.sql) and
 *     pipeline/atc_ddd/ddd_comments/populate_ddd_expressed_as.sql
 *   ebmdatalab/openprescribing openprescribing/dmd2/tests/fixtures/dmd/2/f_vtm2_3280618.xml
 *     (NHSBSA dm+d VTM file, June 2018)
 */

export interface MedicationDefinition {
  readonly key: string;
  /** The dm+d name of the coded concept (VTM or VMP name). */
  readonly display: string;
  /** dm+d id (a SNOMED CT identifier); FHIR system `https://dmd.nhs.uk`. */
  readonly dmd: string;
  readonly dmdLevel: 'VTM' | 'VMP';
}

const vtm = (key: string, display: string, dmd: string): MedicationDefinition => ({ key, display, dmd, dmdLevel: 'VTM' });
const vmp = (key: string, display: string, dmd: string): MedicationDefinition => ({ key, display, dmd, dmdLevel: 'VMP' });

export const medicationList: readonly MedicationDefinition[] = [
  vtm('amlodipine', 'Amlodipine', '774557006'), // Exeter ca_channel_blockers_dmd.csv
  vtm('ramipril', 'Ramipril', '777395009'), // Exeter acei_dmd.csv
  vtm('bisoprolol', 'Bisoprolol', '774880006'), // Exeter beta_blockers_dmd.csv
  vtm('furosemide', 'Furosemide', '776052007'), // gm-sde furosemide
  // No current VTM id found in a citable source; a VMP from the gm-sde statins set.
  vmp('atorvastatin', 'Atorvastatin 20mg tablets', '39733011000001106'),
  // Seen as "Product containing only aspirin (medicinal product)" in an HL7 Switzerland CH Core
  // example and as "Aspirin" in a UK VTM list, but not in a dm+d extract.
  vtm('aspirin', 'Aspirin', '774656009'),
  vtm('apixaban', 'Apixaban', '774624002'), // openprescribing-hospitals anticoagulants_oral
  vtm('metformin', 'Metformin', '776713006'), // Exeter non_insulin_dm_meds_dmd.csv
  vtm('gliclazide', 'Gliclazide', '776108001'), // Exeter non_insulin_dm_meds_dmd.csv
  // No current VTM id found in a citable source; VMPs from gm-sde levothyroxine and bisphosphonates.
  vmp('levothyroxine', 'Levothyroxine sodium 50microgram tablets', '39698611000001106'),
  vmp('alendronic-acid', 'Alendronic acid 70mg tablets', '39731311000001108'),
  // 2018 release (VTMIDPREV 9715511000001108); no current id found.
  vtm('colecalciferol-calcium', 'Colecalciferol + Calcium carbonate', '418277004'),
  vtm('salbutamol-inhaler', 'Salbutamol', '777483005'), // opencodelists dm+d tests; green_inhalers
  // 2018 release; no current VTM or named VMP found.
  vtm('tiotropium-inhaler', 'Tiotropium', '407730002'),
  vtm('beclometasone-inhaler', 'Beclometasone', '774745004'), // gm-sde beclometasone ("Beclometasone (product)")
  vtm('paracetamol', 'Paracetamol', '777067000'), // openprescribing-hospitals paracetamol_iv
  vtm('co-codamol', 'Co-codamol', '44102411000001107'), // opencodelists dm+d tests
  vtm('omeprazole', 'Omeprazole', '776991000'), // openprescribing-hospitals omeprazole
  vtm('sertraline', 'Sertraline', '777521008'), // ZoeMZou anxiolytics/antidepressants; gm-sde sertraline
  vtm('citalopram', 'Citalopram', '775266004'), // gm-sde citalopram
  vtm('donepezil', 'Donepezil', '775685007'), // gm-sde donepezil
  // 2018 release; no current id found.
  vtm('co-careldopa', 'Co-careldopa', '404830004'),
  // VTM not found; VMP from openprescribing-hospitals populate_ddd_expressed_as.sql.
  vmp('ferrous-fumarate', 'Ferrous fumarate 210mg tablets', '41984711000001104'),
  vtm('solifenacin', 'Solifenacin', '777585001'), // gm-sde solifenacin
  // VTM not found in a current source (2018 VTM was 108559004). This VMP id was seen, next to this
  // name, only in public SQL over EMIS extracts whose repository the search index does not name.
  vmp('tamsulosin', 'Tamsulosin 400microgram modified-release capsules', '38754011000001109'),
  // VTM not listed; VMP from NeurodegenerativeDiseaseBurden anxiolytics/antidepressants codelist.
  vmp('zopiclone', 'Zopiclone 7.5mg tablets', '42139411000001100'),
  // VTMs not listed in the ZoeMZou codelists; VMPs from them.
  vmp('mirtazapine', 'Mirtazapine 15mg tablets', '42274511000001104'),
  vmp('lactulose', 'Lactulose 3.1-3.7g/5ml oral solution', '42354411000001107'),
  vtm('senna', 'Senna', '777515009'), // ZoeMZou chronic constipation
  vmp('gabapentin', 'Gabapentin 300mg capsules', '42129711000001109'),
  // VTM not found in a current source; VMP from gm-sde prednisolone (may since be re-identified).
  vmp('prednisolone', 'Prednisolone 5mg tablets', '325427002'),
  vtm('doxazosin', 'Doxazosin', '773245005'), // openprescribing-hospitals lvp_doxazosin_mr
  vtm('indapamide', 'Indapamide', '776319007'), // Exeter thiazide_diuretics_dmd.csv
  vtm('clopidogrel', 'Clopidogrel', '775314005'), // Exeter antiplatelet_dmd.csv
  // VTM not found in a current source; VMP from gm-sde bnf-eye-meds (may since be re-identified).
  vmp('latanoprost-eye-drops', 'Latanoprost 50micrograms/ml eye drops', '330729005'),
  // Emollients have no single VTM; the generic emollient cream VMP from gm-sde bnf-skin-meds.
  vmp('emollient-cream', 'Aqueous cream', '14607911000001101'),
];

const byKey = new Map(medicationList.map((d) => [d.key, d]));

/** The definition for a medication key; throws for a key that is not in the list. */
export function medicationDefinition(key: string): MedicationDefinition {
  const found = byKey.get(key);
  if (!found) throw new RangeError(`Unknown medication "${key}"`);
  return found;
}
