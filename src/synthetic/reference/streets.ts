/**
 * Street and place names for a fictional stretch of the South Devon coast. The street parts and
 * suffixes are the everyday ones of English towns (Church, Mill, Station; Road, Lane, Close), with
 * the seaside ones (Harbour, Cliff, Quay) a coastal town adds. The towns and villages are invented
 * to sound like South Devon (-combe, -ford, -mouth, St …, Regis): none is meant to be a real place,
 * and any likeness to a real hamlet is by chance.
 */

/** First words of street names, any of which goes with any suffix below. */
export const streetParts: readonly string[] = [
  'Harbour', 'Church', 'Mill', 'Station', 'Cliff', 'Quay', 'Market', 'Castle', 'Chapel', 'Park', 'Victoria', 'Albert',
  'Queens', 'Kings', 'Prince', 'Manor', 'Abbey', 'Priory', 'Orchard', 'Meadow', 'Beacon', 'Coastguard', 'Lighthouse',
  'Seaview', 'Bay', 'Beach', 'Cove', 'Strand', 'Esplanade', 'Ferry', 'Warren', 'Combe', 'Valley', 'Brook', 'Fernhill',
  'Hillside', 'Woodland', 'Oak', 'Ash', 'Elm', 'Beech', 'Chestnut', 'Laburnum', 'Hawthorn', 'Holly', 'Rowan', 'Primrose',
  'Foxglove', 'Heather', 'Gorse', 'Barton', 'Higher', 'Lower', 'Middle', 'North', 'South', 'East', 'West', 'New',
  'Old', 'Long', 'Green', 'Salisbury', 'Marine', 'Palace', 'Belgrave', 'Torbridge', 'Trinity', 'St Marys', 'St Johns',
  'St Peters', 'Vicarage', 'Rectory', 'School', 'Forge', 'Tannery', 'Ropewalk', 'Fishers', 'Mariners', 'Pilots',
  'Smugglers', 'Windmill', 'Moor', 'Dart', 'Teign', 'Raleigh', 'Drake', 'Grenville', 'Courtenay', 'Palk', 'Churston',
];

/** Street suffixes with rough weights (judgement: roads and closes are the commonest in English towns). */
export const streetSuffixes: readonly (readonly [string, number])[] = [
  ['Road', 30], ['Street', 12], ['Lane', 12], ['Close', 14], ['Avenue', 7], ['Drive', 7], ['Way', 6], ['Terrace', 6],
  ['Crescent', 5], ['Gardens', 5], ['Hill', 5], ['View', 4], ['Park', 4], ['Court', 3], ['Place', 3], ['Rise', 2],
  ['Walk', 2], ['Mews', 1], ['Row', 1],
];

/** Whole street names that do not follow part + suffix (old centres and seafronts). */
export const streetNamesWhole: readonly string[] = [
  'Fore Street', 'The Strand', 'The Quay', 'The Esplanade', 'The Square', 'The Parade', 'Higher Street',
  'Lower Street', 'Market Place', 'Harbourside', 'The Green', 'The Crescent', 'Seafront', 'Bank Street',
  'Union Street', 'Castle Circus', 'Victoria Parade', 'Old Town Street', 'Cider Mill Lane', 'Ropewalk Hill',
];

/** Share of streets that take a whole name rather than part + suffix (judgement). */
export const wholeStreetNameShare = 0.06;

/**
 * Fictional towns and villages with rough weights for how many addresses each holds: the first is
 * the main town, then two smaller towns, then villages.
 */
export const towns: readonly (readonly [string, number])[] = [
  ['Tormouth', 40], ['Brixford', 16], ['Dawlbury', 10], ['Coombe St Mary', 4], ['Westacombe', 3], ['Otterworthy', 3],
  ['Polwhistle', 2], ['Stokeleigh Abbot', 2], ['Kingsmere Quay', 2], ['Lydcombe Regis', 2], ['Salterford', 2],
  ['Sandhaven', 2], ['Teignhallow', 2], ['Abbotswell', 1.5], ['Cherriton Ferrers', 1.5], ['Redstone Bay', 1.5],
  ['Little Brixford', 1], ['Nethercombe', 1], ['Stoke Hallow', 1], ['Penwarren Cove', 1], ['Mardle Cross', 1],
  ['Wrenscombe', 1], ['Thornmouth', 1], ['Bramblecombe', 1], ['Yarnaford', 1], ['Higher Tormouth', 1],
];
