/**
 * Name frequency data for synthetic people in an English place. Record linkage weighs agreement on a
 * name by how common it is, so the shapes matter more than any single figure: a few very common
 * surnames, a long Zipf-like tail, and a few percent of people whose surname almost nobody else has.
 *
 * Sources, all approximate and from memory of published tables rather than copied from them:
 * - Surnames: the Office for National Statistics counts of surnames in England and Wales from NHS
 *   registrations in the early 2000s, behind the well-known "most common surnames" lists (Smith about
 *   1.26% of people, Jones about 1.0%, then Williams, Taylor, Brown, Davies …). Names common mainly in
 *   other groups (Patel, Khan, Singh …) are in those groups' lists instead. A few Devon and Cornish
 *   surnames (Luscombe, Pengelly, Yeo …) are added because the place is on the South Devon coast.
 * - British forenames: ONS "Baby names in England and Wales" (top 100 for 1904–1994 at ten-year
 *   intervals, yearly since 1996), grouped by birth cohort and kept in rank order.
 * - Other groups' names: common names in those communities in England; ranks are judgement.
 */
import type { NameGroup } from './ethnicity.js';

/** First birth year of cohorts 1–4; cohort 0 is everyone born before 1945. */
export const birthCohortStarts: readonly number[] = [1945, 1965, 1985, 2005];

/**
 * Exponent of the rank weights (weight = rank^-s) per cohort: names were far more concentrated a
 * century ago (John and Mary were each about one child in 20) than now (Oliver and Olivia are about
 * one in 60), so the lists flatten from cohort to cohort. Fitted by eye to ONS top-name shares.
 */
export const forenameRankExponent: readonly number[] = [0.6, 0.55, 0.45, 0.35, 0.15];

/** Share of people with a middle name, per cohort (approximate: judgement, not a published figure). */
export const middleNameShare: readonly number[] = [0.68, 0.64, 0.6, 0.57, 0.56];

/** British forenames by cohort, most common first (ONS baby names; ranks approximate). */
export const britishForenames: { readonly female: readonly (readonly string[])[]; readonly male: readonly (readonly string[])[] } = {
  female: [
    [
      'Margaret', 'Joan', 'Mary', 'Jean', 'Joyce', 'Dorothy', 'Patricia', 'Sheila', 'Barbara', 'Doris', 'Betty', 'Kathleen',
      'Irene', 'Eileen', 'Audrey', 'Brenda', 'Maureen', 'Pamela', 'Sylvia', 'Elizabeth', 'Edna', 'Marjorie', 'Iris', 'Vera',
      'Winifred', 'Hilda', 'Florence', 'Lilian', 'Ivy', 'Ethel', 'Gladys', 'Phyllis', 'Olive', 'Muriel', 'Evelyn', 'Alice',
      'Elsie', 'Edith', 'Rose', 'Violet', 'Grace', 'Beryl', 'Peggy', 'Marion', 'Mabel', 'Freda', 'Nora', 'Constance', 'Ellen',
      'Lily', 'Daisy', 'Annie', 'Gwendoline', 'Jessie', 'Ada', 'Emily', 'Agnes', 'Rita', 'Valerie', 'Shirley', 'Ruby', 'Hazel',
      'Enid', 'Stella', 'Mildred', 'Gertrude', 'Ann', 'Sarah', 'Nellie', 'May',
    ],
    [
      'Susan', 'Linda', 'Christine', 'Margaret', 'Janet', 'Patricia', 'Carol', 'Elizabeth', 'Mary', 'Anne', 'Ann', 'Jane',
      'Jacqueline', 'Barbara', 'Sandra', 'Gillian', 'Pauline', 'Elaine', 'Lesley', 'Valerie', 'Maureen', 'Jean', 'Julie',
      'Karen', 'Wendy', 'Diane', 'Angela', 'Kathleen', 'Sheila', 'Brenda', 'Carole', 'Lynne', 'Hilary', 'Judith', 'Alison',
      'Sally', 'Jennifer', 'Helen', 'Catherine', 'Marilyn', 'Teresa', 'Heather', 'Denise', 'Rosemary', 'Frances', 'Josephine',
      'Shirley', 'Deborah', 'Beverley', 'Janice', 'Yvonne', 'Jill', 'Lorraine', 'Marion', 'Kay', 'Ruth', 'Penelope', 'Joan',
      'Sylvia', 'Dawn', 'Veronica', 'Irene', 'Sarah', 'Caroline', 'Tina', 'Maria', 'Glenys', 'Lynda', 'Joyce', 'Marian',
    ],
    [
      'Sarah', 'Claire', 'Nicola', 'Emma', 'Lisa', 'Joanne', 'Michelle', 'Helen', 'Samantha', 'Karen', 'Amanda', 'Rachel',
      'Louise', 'Julie', 'Clare', 'Rebecca', 'Sharon', 'Victoria', 'Caroline', 'Susan', 'Alison', 'Catherine', 'Elizabeth',
      'Deborah', 'Donna', 'Tracey', 'Jennifer', 'Kelly', 'Laura', 'Jane', 'Angela', 'Kerry', 'Dawn', 'Katherine', 'Andrea',
      'Lorraine', 'Zoe', 'Natalie', 'Jacqueline', 'Melanie', 'Hayley', 'Gemma', 'Joanna', 'Kirsty', 'Stephanie', 'Anna',
      'Paula', 'Wendy', 'Lucy', 'Marie', 'Heather', 'Suzanne', 'Denise', 'Beverley', 'Tanya', 'Katie', 'Charlotte', 'Emily',
      'Lindsey', 'Leanne', 'Kim', 'Anne', 'Sally', 'Mandy', 'Jayne', 'Diane', 'Fiona', 'Ruth', 'Tracy', 'Debra',
    ],
    [
      'Sarah', 'Laura', 'Emma', 'Rebecca', 'Jessica', 'Hannah', 'Charlotte', 'Amy', 'Lauren', 'Sophie', 'Emily', 'Katie',
      'Gemma', 'Stacey', 'Rachel', 'Samantha', 'Danielle', 'Chloe', 'Megan', 'Jade', 'Holly', 'Natalie', 'Kirsty', 'Nicola',
      'Stephanie', 'Victoria', 'Zoe', 'Leanne', 'Kelly', 'Jennifer', 'Hayley', 'Catherine', 'Elizabeth', 'Lucy', 'Georgia',
      'Bethany', 'Olivia', 'Ellie', 'Abigail', 'Eleanor', 'Grace', 'Amber', 'Shannon', 'Jasmine', 'Courtney', 'Alice',
      'Kayleigh', 'Natasha', 'Rosie', 'Louise', 'Michelle', 'Claire', 'Lisa', 'Alexandra', 'Anna', 'Amelia', 'Leah', 'Paige',
      'Caitlin', 'Georgina', 'Harriet', 'Molly', 'Eve', 'Ella', 'Jodie', 'Kimberley', 'Ashleigh', 'Kerry', 'Joanne', 'Carly',
    ],
    [
      'Olivia', 'Amelia', 'Isla', 'Ava', 'Emily', 'Sophie', 'Grace', 'Lily', 'Mia', 'Isabella', 'Ella', 'Poppy', 'Jessica',
      'Evie', 'Sophia', 'Chloe', 'Ruby', 'Charlotte', 'Freya', 'Isabelle', 'Daisy', 'Phoebe', 'Holly', 'Millie', 'Florence',
      'Ellie', 'Scarlett', 'Erin', 'Evelyn', 'Sienna', 'Matilda', 'Alice', 'Lucy', 'Imogen', 'Willow', 'Harper', 'Rosie',
      'Hannah', 'Molly', 'Layla', 'Eva', 'Elsie', 'Megan', 'Maisie', 'Katie', 'Lola', 'Esme', 'Emma', 'Aria', 'Ivy', 'Amber',
      'Isabel', 'Violet', 'Luna', 'Thea', 'Lacey', 'Summer', 'Lexi', 'Mila', 'Sofia', 'Harriet', 'Eliza', 'Zara', 'Bethany',
      'Abigail', 'Georgia', 'Niamh', 'Maya', 'Darcie', 'Bella',
    ],
  ],
  male: [
    [
      'John', 'William', 'George', 'James', 'Thomas', 'Arthur', 'Frederick', 'Albert', 'Charles', 'Robert', 'Ronald',
      'Kenneth', 'Dennis', 'Peter', 'Leslie', 'Stanley', 'Harold', 'Eric', 'Frank', 'Alfred', 'Ernest', 'Walter', 'Raymond',
      'Roy', 'Donald', 'Norman', 'Jack', 'Henry', 'Edward', 'Sidney', 'Herbert', 'Reginald', 'Cyril', 'Leonard', 'Joseph',
      'Derek', 'Gordon', 'Alan', 'Brian', 'Douglas', 'Geoffrey', 'Harry', 'Richard', 'David', 'Michael', 'Anthony', 'Keith',
      'Colin', 'Gerald', 'Bernard', 'Victor', 'Wilfred', 'Cecil', 'Percy', 'Francis', 'Samuel', 'Maurice', 'Horace', 'Edwin',
      'Ralph', 'Clifford', 'Trevor', 'Terence', 'Ivor', 'Hugh', 'Lawrence', 'Sydney', 'Bert', 'Fred', 'Alec',
    ],
    [
      'David', 'John', 'Michael', 'Peter', 'Robert', 'Paul', 'Stephen', 'Anthony', 'Christopher', 'Alan', 'Brian', 'Richard',
      'Keith', 'Ian', 'Andrew', 'Mark', 'Kevin', 'Colin', 'Graham', 'Trevor', 'Martin', 'Philip', 'Roger', 'Terence', 'Barry',
      'Malcolm', 'Geoffrey', 'Kenneth', 'Raymond', 'Derek', 'Dennis', 'Gary', 'Nigel', 'Steven', 'Clive', 'Neil', 'James',
      'William', 'Thomas', 'George', 'Patrick', 'Gordon', 'Douglas', 'Leslie', 'Roy', 'Ronald', 'Frank', 'Edward', 'Robin',
      'Timothy', 'Jeffrey', 'Stuart', 'Francis', 'Julian', 'Jonathan', 'Simon', 'Tony', 'Howard', 'Rodney', 'Adrian',
      'Russell', 'Lawrence', 'Gerald', 'Norman', 'Victor', 'Frederick', 'Arthur', 'Charles', 'Harry', 'Melvyn',
    ],
    [
      'David', 'Paul', 'Andrew', 'Mark', 'John', 'Michael', 'Stephen', 'Ian', 'Robert', 'Richard', 'Christopher', 'Peter',
      'Simon', 'Anthony', 'Kevin', 'Gary', 'Steven', 'Martin', 'James', 'Philip', 'Alan', 'Neil', 'Jason', 'Darren',
      'Matthew', 'Lee', 'Daniel', 'Jonathan', 'Craig', 'Stuart', 'Nicholas', 'Shaun', 'Wayne', 'Scott', 'Adam', 'Carl',
      'Dean', 'Timothy', 'Thomas', 'Graham', 'Sean', 'Jamie', 'Russell', 'Keith', 'Barry', 'Nigel', 'Colin', 'William',
      'Benjamin', 'Julian', 'Karl', 'Trevor', 'Adrian', 'Glenn', 'Justin', 'Jeremy', 'Edward', 'Gareth', 'Dominic', 'Marc',
      'Kenneth', 'Brian', 'Ross', 'Duncan', 'Damian', 'Toby', 'Clive', 'Robin', 'Alexander', 'Barrie',
    ],
    [
      'Thomas', 'James', 'Daniel', 'Christopher', 'Matthew', 'Michael', 'Joshua', 'Jack', 'Ryan', 'Adam', 'Luke', 'Andrew',
      'David', 'Robert', 'Jonathan', 'Benjamin', 'Samuel', 'Oliver', 'Joseph', 'William', 'Lewis', 'Jordan', 'Liam',
      'Callum', 'Nathan', 'Kieran', 'Alexander', 'Jake', 'Connor', 'Scott', 'Mark', 'Paul', 'Craig', 'Richard', 'Lee',
      'Ashley', 'Steven', 'Jamie', 'Dean', 'Sean', 'Harry', 'George', 'Charlie', 'Bradley', 'Aaron', 'Kyle', 'Ben', 'Dominic',
      'Carl', 'Stephen', 'Shane', 'Martin', 'Anthony', 'Jason', 'Peter', 'Reece', 'Edward', 'Max', 'Tyler', 'Alex', 'Jacob',
      'Ethan', 'Owen', 'Cameron', 'Dale', 'Elliot', 'Rhys', 'Sam', 'Henry', 'Joe',
    ],
    [
      'Oliver', 'Jack', 'Harry', 'George', 'Noah', 'Charlie', 'Jacob', 'Alfie', 'Freddie', 'Oscar', 'Leo', 'Thomas', 'James',
      'William', 'Joshua', 'Archie', 'Henry', 'Ethan', 'Theo', 'Arthur', 'Lucas', 'Max', 'Logan', 'Isaac', 'Daniel', 'Samuel',
      'Joseph', 'Alexander', 'Finley', 'Harrison', 'Edward', 'Dylan', 'Riley', 'Mason', 'Tommy', 'Teddy', 'Benjamin',
      'Sebastian', 'Jayden', 'Lewis', 'Luke', 'Matthew', 'Adam', 'Toby', 'Reuben', 'Jenson', 'Ryan', 'Louie', 'Harvey',
      'Tyler', 'Callum', 'Kai', 'Liam', 'Elijah', 'Albie', 'Ronnie', 'Louis', 'Finn', 'Jude', 'Hugo', 'Rory', 'Ollie',
      'Frankie', 'Zachary', 'Nathan', 'Owen', 'Bobby', 'Stanley', 'Ellis', 'Jasper',
    ],
  ],
};

/**
 * The most common British surnames with approximate people per 100,000 (ONS England and Wales counts,
 * rounded; see the note at the top).
 */
export const commonSurnames: readonly (readonly [string, number])[] = [
  ['Smith', 1260], ['Jones', 1030], ['Williams', 830], ['Taylor', 590], ['Brown', 560], ['Davies', 540], ['Evans', 420],
  ['Wilson', 370], ['Thomas', 360], ['Johnson', 330], ['Roberts', 330], ['Robinson', 270], ['Thompson', 270],
  ['Wright', 260], ['Walker', 260], ['White', 250], ['Edwards', 245], ['Hughes', 240], ['Green', 240], ['Hall', 238],
  ['Lewis', 235], ['Harris', 232], ['Clarke', 230], ['Jackson', 223], ['Wood', 220], ['Turner', 215], ['Martin', 213],
  ['Cooper', 212], ['Hill', 211], ['Ward', 203], ['Morris', 200], ['Moore', 198], ['Clark', 196], ['Lee', 194],
  ['King', 194], ['Baker', 193], ['Harrison', 192], ['Morgan', 189], ['Allen', 185], ['James', 183], ['Scott', 179],
  ['Phillips', 177], ['Watson', 175], ['Davis', 173], ['Parker', 170], ['Price', 165], ['Bennett', 162], ['Young', 160],
  ['Griffiths', 158], ['Mitchell', 156], ['Kelly', 154], ['Cook', 154], ['Carter', 152], ['Richardson', 150],
  ['Bailey', 148], ['Collins', 146], ['Bell', 144], ['Shaw', 142], ['Murphy', 140], ['Miller', 138], ['Cox', 137],
  ['Richards', 135], ['Marshall', 133], ['Anderson', 131], ['Simpson', 129], ['Ellis', 127], ['Adams', 125],
  ['Wilkinson', 119], ['Foster', 117], ['Chapman', 115], ['Powell', 113], ['Webb', 113], ['Rogers', 111], ['Gray', 110],
  ['Mason', 108], ['Hunt', 106], ['Campbell', 104], ['Matthews', 102], ['Owen', 102], ['Palmer', 100], ['Holmes', 98],
  ['Mills', 98], ['Barnes', 96], ['Knight', 96], ['Lloyd', 96], ['Butler', 94], ['Russell', 94], ['Barker', 92],
  ['Fisher', 92], ['Stevens', 90], ['Jenkins', 90], ['Murray', 88], ['Dixon', 88], ['Harvey', 87], ['Graham', 86],
  ['Pearson', 85], ['Dawson', 85], ['Fletcher', 84], ['Walsh', 84], ['Kennedy', 83],
];

/**
 * More British surnames, roughly in falling order of frequency after `commonSurnames` (ranks 101 on;
 * order approximate). Their weights continue the Zipf tail from the last common surname.
 */
export const moreSurnames: readonly string[] = [
  'Gibson', 'Hamilton', 'Stewart', 'Reid', 'Hunter', 'Robertson', 'Gordon', 'Ross', 'Cole', 'Burton', 'Rose', 'Spencer',
  'Wells', 'Stone', 'Hudson', 'Riley', 'Grant', 'Tucker', 'Ford', 'Saunders', 'Lawrence', 'Payne', 'Pearce', 'Hart',
  'Watts', 'Hayes', 'Holland', 'Newman', 'Day', 'Lane', 'Webster', 'Andrews', 'Sutton', 'Berry', 'Kent', 'Bradley', 'Fox',
  'Atkinson', 'Gardner', 'Howard', 'Lambert', 'Porter', 'Hopkins', 'Pritchard', 'Stephens', 'Crawford', 'Dean', 'Elliott',
  'Reynolds', 'McDonald', 'Lowe', 'West', 'Cunningham', 'Armstrong', 'Francis', 'Barrett', 'Fowler', 'Warren', 'Woods',
  'Chambers', 'Lynch', 'Moss', 'Booth', 'Holt', 'Parsons', 'Read', 'Marsh', 'Hammond', 'Bates', 'Doyle', 'Dunn',
  'Osborne', 'Jordan', 'Rowe', 'Pope', 'Carr', 'Kerr', 'Hawkins', 'Reeves', 'Gregory', 'Curtis', 'Harding', 'Little',
  'Sharp', 'Barton', 'Lucas', 'Kemp', 'Stevenson', 'Nicholson', 'Hayward', 'Farmer', 'Ball', 'Briggs', 'Perkins', 'Burns',
  'Hancock', 'Bird', 'Weston', 'Nash', 'Sanders', 'Yates', 'Skinner', 'Goodwin', 'Hodgson', 'Thomson', 'Mann', 'Coleman',
  'Short', 'Harper', 'Dyer', 'Knowles', 'Howell', 'Reed', 'Frost', 'Cross', 'Manning', 'Page', 'Middleton', 'Coles',
  'Norris', 'Parry', 'Sullivan', 'Bishop', 'Baxter', 'Hodges', 'Pugh', 'Todd', 'Fraser', 'Austin', 'Lord', 'Jarvis',
  'Davidson', 'Whitehead', 'Davey', 'Ryan', 'Hobbs', 'Randall', 'Oliver', 'Daniels', 'Sharpe', 'Chandler', 'Bowen',
  'Ingram', 'Hartley', 'Vincent', 'Glover', 'Jennings', 'Nicholls', 'Walters', 'Slater', 'Gough', 'Tyler', 'Hurst',
  'Gilbert', 'Quinn', 'Morton', 'Dale', 'Moran', 'Hale', 'Rees', 'Bolton', 'Steele', 'Douglas', 'Forster', 'Burgess',
  'Sims', 'Kirby', 'Peters', 'Buckley', 'Morrison', 'Hooper', 'Potter', 'Stanley', 'Thorpe', 'Franklin', 'Finch',
  'Woodward', 'Sheppard', 'Flynn', 'Bryant', 'Blake', 'Herbert', 'Griffin', 'Holden', 'Cartwright', 'Leach', 'Howe',
  'Brooks', 'Allan', 'Field', 'Craig', 'Goddard', 'Rowley', 'Whittaker', 'Brennan', 'Dennis', 'Mellor', 'Rhodes',
  'Hewitt', 'Heath', 'Allison', 'Pollard', 'Jefferies', 'Waters', 'Birch', 'Milner', 'Welch', 'Boyle', 'Giles',
  'Bartlett', 'Sykes', 'Charlton', 'Benson', 'Stokes', 'Ashton', 'Blackburn', 'Humphreys', 'Tomlinson', 'Connor',
  "O'Brien", "O'Neill", 'Kay', 'Horton', 'Bond', 'Hyde', 'Barber', 'Carroll', 'Dobson', 'Naylor', 'Harrington', 'Goodman',
  'Norton', 'Cooke', 'Brookes', 'Wallace', 'Noble', 'Lamb', 'Newton', 'Clayton', 'Welsh', 'Howells', 'Preston', 'Bull',
  'Dickinson', 'Swift', 'Abbott', 'Henderson', 'Johnston', 'Lawson', 'Parkinson', 'Summers', 'Fuller', 'Alexander',
  'Howarth', 'Sanderson', 'Carpenter', 'Collier', 'Cope', 'Dodd', 'Eaton', 'Fleming', 'Garner', 'Gibbs', 'Gould',
  'Hanson', 'Haynes', 'Hicks', 'Higgins', 'Hilton', 'Holloway', 'Horne', 'Hutchinson', 'Irwin', 'Jacobs', 'Keen',
  'Kirk', 'Lindsay', 'Lyons', 'Mackenzie', 'Marsden', 'McCarthy', 'Meadows', 'Metcalfe', 'Moody', 'Morley', 'Mullins',
  'Nolan', 'North', 'Nuttall', "O'Connor", 'Owens', 'Paterson', 'Pickering', 'Platt', 'Pratt', 'Ramsey', 'Rice',
  'Robson', 'Rowlands', 'Sargent', 'Savage', 'Seymour', 'Sheldon', 'Simmons', 'Sinclair', 'Smart', 'Stacey',
  'Stephenson', 'Strong', 'Sweeney', 'Talbot', 'Tate', 'Thornton', 'Townsend', 'Vaughan', 'Wade', 'Walton', 'Warner',
  'Watkins', 'Wilkins', 'Wilkes', 'Willis', 'Winter', 'Wyatt', 'Luscombe', 'Yeo', 'Heard', 'Bowden', 'Northcott',
  'Pengelly', 'Tremain', 'Stoneman', 'Widdicombe', 'Endacott', 'Mudge', 'Tremlett', 'Coombes', 'Pearse', 'Hext', 'Lang',
  'Cornish', 'Trewin', 'Penrose', 'Sweet', 'Vosper', 'Hannaford', 'Crocker', 'Chudleigh', 'Ware', 'Friend', 'Jeffery',
  'Hockin', 'Snell', 'Cann', 'Ellacott', 'Westlake', 'Pascoe', 'Nancarrow', 'Rowse', 'Trethewey', 'Jago', 'Bickford',
  'Blackmore', 'Chown', 'Colwill', 'Langdon', 'Lethbridge', 'Mayne', 'Passmore', 'Prout', 'Quick', 'Rendle', 'Shute',
  'Squire', 'Stanbury', 'Vallance', 'Venning', 'Wakeham', 'Widger', 'Wonnacott', 'Yabsley', 'Yelland', 'Ridd', 'Bright',
  'Gale', 'Hoskin', 'Kingdon', 'Medland', 'Parkhouse', 'Pinn', 'Rich', 'Hosking', 'Soper', 'Tapp', 'Trick', 'Voysey',
];

/**
 * Parts from which surnames outside the lists are made: English place-name elements, as most
 * English surnames beyond the commonest are toponyms ("Ash" + "worth", "Black" + "more"), and
 * Cornish ones ("Pen" + "hallow", "Tre" + "lawny") for the far South West.
 */
export const surnameParts: {
  readonly englishFirst: readonly string[];
  readonly englishLast: readonly string[];
  readonly cornishFirst: readonly string[];
  readonly cornishLast: readonly string[];
} = {
  englishFirst: [
    'Ash', 'Ax', 'Bar', 'Birch', 'Black', 'Brad', 'Bram', 'Bren', 'Brook', 'Bur', 'Cal', 'Chad', 'Chat', 'Ches', 'Chil',
    'Clay', 'Cold', 'Cran', 'Crom', 'Dal', 'Dar', 'Dun', 'East', 'Ed', 'El', 'Fair', 'Farn', 'Fen', 'Gar', 'Gold', 'Good',
    'Gran', 'Green', 'Hal', 'Ham', 'Har', 'Hart', 'Haw', 'Hay', 'Hazel', 'Heath', 'Hen', 'Her', 'Hol', 'Horn', 'Hux', 'Kel',
    'Ken', 'Kings', 'Kirk', 'Lang', 'Lath', 'Led', 'Lin', 'Lock', 'Long', 'Lud', 'Mal', 'Mar', 'Mid', 'Mil', 'Moor', 'Mor',
    'New', 'Nor', 'Oak', 'Old', 'Ot', 'Pad', 'Pem', 'Pick', 'Pit', 'Pres', 'Rad', 'Ram', 'Red', 'Ros', 'Rush', 'Sal',
    'Sand', 'Sax', 'Shel', 'Sher', 'Ship', 'Short', 'Sid', 'Stan', 'Stock', 'Stone', 'Sud', 'Swin', 'Thorn', 'Up', 'Wad',
    'Wake', 'Wal', 'War', 'Wat', 'Wed', 'Wel', 'West', 'Wheat', 'Whit', 'Wil', 'Win', 'Wool', 'Yar', 'Ather', 'Brent',
    'Cleve', 'Dray', 'Elm', 'Frith', 'Glad', 'Hather', 'Ing', 'Knap', 'Marl', 'Nether', 'Rook', 'Sel', 'Tad', 'Tem', 'Wyn',
  ],
  englishLast: [
    'worth', 'more', 'wood', 'ley', 'ton', 'field', 'ham', 'ford', 'by', 'combe', 'cott', 'well', 'hurst', 'stone', 'wick',
    'den', 'dale', 'bridge', 'brook', 'land', 'shaw', 'hill', 'ridge', 'thorpe', 'low', 'ington', 'ingham', 'stead', 'way',
    'mere', 'moor', 'borough', 'bury', 'cliffe', 'croft', 'don', 'gate', 'holme', 'lake', 'leigh', 'marsh', 'mead', 'ney',
    'sey', 'ston', 'stow', 'wall', 'win', 'hay', 'lock', 'church', 'wright', 'man', 'ock', 'all',
  ],
  cornishFirst: ['Pen', 'Tre', 'Pol', 'Ros', 'Car', 'Bos', 'Lan', 'Tres'],
  cornishLast: [
    'hallow', 'rose', 'gelly', 'wen', 'lawny', 'goning', 'glaze', 'darves', 'worden', 'hale', 'vean', 'dennis', 'oweth',
    'vear', 'gollan', 'wartha', 'tallack', 'dower', 'kerris', 'hendra', 'seath', 'caddick', 'neglos', 'rice', 'whella',
  ],
};

/**
 * Share of people with British names who have a rare surname, shared by very few others (about 9%:
 * judgement, in line with English populations where tens of thousands of surnames each have only a
 * handful of bearers in a town). The rest of those outside the two lists above have part-made
 * surnames of middling frequency whose weights continue the Zipf tail below rank 500.
 */
export const rareSurnameShare = 0.09;

/**
 * Shape of the surname tail (weights fall as rank^-exponent): in the ONS counts the share falls from
 * about 0.09% at rank 100 to about 0.02% at rank 500, an exponent of about 0.8 (approximate).
 */
export const surnameTailExponent = 0.8;

/**
 * How the part-made surnames split: this share of them (in a fixed order) form the middle tier,
 * whose weights fall gently as (1 + k/500)^-0.5 from about the last listed name's; the rest are the
 * rare ones, equally likely. Judgement, chosen so the middle tier joins the listed tail smoothly.
 */
export const partMadeSurnames = { middleTierShare: 0.55, middleTierExponent: 0.5, middleTierScale: 500 } as const;

/**
 * Surnames and forenames of the other name groups, most common first (ranks are judgement). Weights
 * are rank^-exponent: a high surname exponent where a few names dominate (Patel, Khan, Wong), a low
 * one where surnames are many and spread (Polish, West African).
 */
export interface GroupNames {
  readonly surnames: readonly string[];
  readonly surnameExponent: number;
  readonly female: readonly string[];
  readonly male: readonly string[];
  readonly forenameExponent: number;
  /** Share with a middle name (approximate). */
  readonly middleNameShare: number;
}

/**
 * Surnames used only by women (Sikh "Kaur"; "Begum", "Bibi" and "Sultana", honorifics many South
 * Asian Muslim women carry as a surname), with the form a man takes where there is one.
 */
export const womenOnlySurnames: Readonly<Record<string, string | undefined>> = {
  Kaur: 'Singh',
  Begum: undefined,
  Bibi: undefined,
  Sultana: undefined,
};

export const groupNames: Readonly<Record<Exclude<NameGroup, 'british'>, GroupNames>> = {
  irish: {
    surnames: [
      'Murphy', 'Kelly', "O'Sullivan", 'Walsh', "O'Brien", 'Byrne', 'Ryan', "O'Connor", "O'Neill", "O'Reilly", 'Doyle',
      'McCarthy', 'Gallagher', 'Doherty', 'Kennedy', 'Lynch', 'Murray', 'Quinn', 'Moore', 'McLoughlin', 'Carroll',
      'Connolly', 'Daly', "O'Connell", 'Dunne', 'Brennan', 'Burke', 'Collins', 'Fitzgerald', 'Maguire', 'Nolan', 'Flynn',
      "O'Callaghan", "O'Donnell", 'Duffy', "O'Mahony", 'Boyle', 'Healy', "O'Shea", 'Sweeney', 'Hayes', 'Kavanagh',
      'Power', 'McGrath', 'Moran', 'Brady', 'Casey', 'Foley', 'Fitzpatrick', "O'Leary", 'Donnelly', 'Regan', 'Donovan',
    ],
    surnameExponent: 0.7,
    female: [
      'Mary', 'Bridget', 'Kathleen', 'Margaret', 'Siobhan', 'Niamh', 'Aoife', 'Ciara', 'Sinead', 'Eileen', 'Nora',
      'Roisin', 'Orla', 'Catherine', 'Anne', 'Patricia', 'Sheila', 'Deirdre', 'Grainne', 'Aisling', 'Clodagh', 'Mairead',
      'Una', 'Teresa', 'Josephine', 'Maureen', 'Colette', 'Fiona', 'Caoimhe', 'Saoirse',
    ],
    male: [
      'Patrick', 'Michael', 'John', 'Sean', 'Seamus', 'Declan', 'Ciaran', 'Padraig', 'Eoin', 'Liam', 'Brendan', 'Kevin',
      'Brian', 'Dermot', 'Conor', 'Cormac', 'Niall', 'Eamon', 'Fergal', 'Donal', 'Kieran', 'Aidan', 'Colm', 'Diarmuid',
      'Gerard', 'Thomas', 'James', 'Joseph', 'Francis', 'Martin',
    ],
    forenameExponent: 0.7,
    middleNameShare: 0.6,
  },
  'gypsy-traveller': {
    surnames: [
      'Smith', 'Lee', 'Price', 'Cooper', 'Ward', 'McDonagh', 'Boswell', 'Lovell', 'Joyce', 'Connors', 'Maughan', 'Doherty',
      'Stokes', 'Loveridge', 'Buckley', 'Hearne', 'Ayres', 'Brazil', 'Penfold', 'Wells', 'Taylor', 'Young', 'Gaskin',
      'Ripley', 'Burton', 'Doran', 'Casey', 'Delaney', 'Sheridan', 'Keet',
    ],
    surnameExponent: 0.9,
    female: [
      'Mary', 'Bridget', 'Margaret', 'Kathleen', 'Nora', 'Ellen', 'Winnie', 'Julie', 'Tracey', 'Shannon', 'Caroline',
      'Lavinia', 'Britney', 'Kizzy', 'Clarissa', 'Priscilla', 'Tilly', 'Dolly', 'Esther', 'Louisa',
    ],
    male: [
      'Patrick', 'John', 'Michael', 'Tommy', 'Jimmy', 'Joe', 'Johnny', 'Martin', 'Billy', 'Levi', 'Noah', 'Elias', 'Henry',
      'Moses', 'Jesse', 'Albert', 'Sonny', 'Frankie', 'Lenny', 'Aaron',
    ],
    forenameExponent: 0.8,
    middleNameShare: 0.4,
  },
  'polish-eastern-european': {
    surnames: [
      'Nowak', 'Wójcik', 'Kowalczyk', 'Woźniak', 'Mazur', 'Krawczyk', 'Kaczmarek', 'Zając', 'Król', 'Wieczorek', 'Wróbel',
      'Stępień', 'Dudek', 'Pawlak', 'Walczak', 'Sikora', 'Baran', 'Michalak', 'Szewczyk', 'Popescu', 'Ionescu', 'Popa',
      'Radu', 'Dumitru', 'Stoica', 'Gheorghe', 'Matei', 'Ciobanu', 'Rusu', 'Munteanu', 'Horváth', 'Kovács', 'Nagy',
      'Tóth', 'Szabó', 'Varga', 'Balog', 'Lakatos', 'Oláh', 'Rostás', 'Rodrigues', 'Bianchi', 'Weber', 'Marković',
      'Jovanović', 'Novak', 'Kovač', 'Horvat', 'Silva', 'Santos', 'Ferreira', 'Rossi', 'Russo', 'Müller', 'Schmidt',
      'García', 'Fernández', 'Martin', 'Bernard', 'Jansen',
    ],
    surnameExponent: 0.3,
    female: [
      'Anna', 'Katarzyna', 'Agnieszka', 'Magdalena', 'Joanna', 'Monika', 'Aleksandra', 'Marta', 'Ewa', 'Małgorzata',
      'Natalia', 'Karolina', 'Justyna', 'Paulina', 'Dorota', 'Zofia', 'Maria', 'Elena', 'Ioana', 'Andreea', 'Mihaela',
      'Ilona', 'Jana', 'Zuzana', 'Agata', 'Weronika', 'Oliwia', 'Julia', 'Ana', 'Daria', 'Irina', 'Eva', 'Lucia', 'Sofia',
    ],
    male: [
      'Piotr', 'Krzysztof', 'Tomasz', 'Paweł', 'Michał', 'Marcin', 'Łukasz', 'Jakub', 'Adam', 'Kamil', 'Mateusz',
      'Grzegorz', 'Andrzej', 'Marek', 'Dariusz', 'Rafał', 'Wojciech', 'Sebastian', 'Bartosz', 'Szymon', 'Jan', 'Ion',
      'Andrei', 'Mihai', 'Alexandru', 'Gabriel', 'Florin', 'Marian', 'Tibor', 'Milan', 'Lukas', 'Ivan', 'João', 'Marco',
    ],
    forenameExponent: 0.6,
    middleNameShare: 0.25,
  },
  'south-asian-muslim': {
    surnames: [
      'Khan', 'Hussain', 'Ali', 'Ahmed', 'Begum', 'Akhtar', 'Mahmood', 'Iqbal', 'Shah', 'Rahman', 'Islam', 'Uddin', 'Miah',
      'Hossain', 'Chowdhury', 'Butt', 'Malik', 'Raja', 'Bibi', 'Akram', 'Aslam', 'Rashid', 'Hanif', 'Yousaf', 'Mohammed',
      'Sheikh', 'Qureshi', 'Ahmad', 'Riaz', 'Arshad', 'Anwar', 'Latif', 'Karim', 'Haque', 'Alam', 'Sultana', 'Ullah',
      'Mirza', 'Chaudhry', 'Siddique',
    ],
    surnameExponent: 0.9,
    female: [
      'Fatima', 'Ayesha', 'Aisha', 'Maryam', 'Zainab', 'Khadija', 'Amina', 'Nadia', 'Sana', 'Bushra', 'Samina', 'Shazia',
      'Nasreen', 'Rukhsana', 'Shamim', 'Razia', 'Parveen', 'Saima', 'Sadia', 'Rubina', 'Hafsa', 'Safia', 'Yasmin',
      'Salma', 'Shahida', 'Tahira', 'Iqra', 'Anisa', 'Sumaiya', 'Taslima', 'Rahima', 'Jahanara', 'Nazia', 'Ruksana',
    ],
    male: [
      'Mohammed', 'Muhammad', 'Ahmed', 'Ali', 'Hassan', 'Hussain', 'Imran', 'Tariq', 'Asif', 'Abdul', 'Ibrahim', 'Yusuf',
      'Omar', 'Usman', 'Bilal', 'Zain', 'Adam', 'Ayaan', 'Hamza', 'Rizwan', 'Shahid', 'Javed', 'Khalid', 'Nadeem',
      'Zubair', 'Faisal', 'Kamran', 'Sajid', 'Rashid', 'Aziz', 'Mahmood', 'Abdullah', 'Rahim', 'Jamal', 'Rafiq', 'Anwar',
    ],
    forenameExponent: 0.8,
    middleNameShare: 0.45,
  },
  'south-asian-hindu-sikh': {
    surnames: [
      'Patel', 'Singh', 'Kaur', 'Sharma', 'Shah', 'Mistry', 'Gill', 'Sandhu', 'Kumar', 'Parmar', 'Chauhan', 'Sidhu',
      'Dhillon', 'Bains', 'Gupta', 'Mehta', 'Desai', 'Joshi', 'Modi', 'Lal', 'Rana', 'Chopra', 'Kapoor', 'Bhatt', 'Solanki',
      'Thakkar', 'Pandya', 'Rai', 'Virdi', 'Sahota', 'Johal', 'Grewal', 'Mann', 'Atwal', 'Nair', 'Pillai', 'Reddy', 'Iyer',
      'Verma', 'Lakhani',
    ],
    surnameExponent: 1.0,
    female: [
      'Priya', 'Pooja', 'Anjali', 'Sunita', 'Neha', 'Kavita', 'Asha', 'Meena', 'Rekha', 'Jaspreet', 'Harpreet', 'Manjit',
      'Gurpreet', 'Parminder', 'Rajinder', 'Kiran', 'Nisha', 'Sonia', 'Deepa', 'Shobha', 'Usha', 'Geeta', 'Bhavna', 'Hema',
      'Sita', 'Leela', 'Nirmala', 'Kamala', 'Jasvinder', 'Simran', 'Ananya',
    ],
    male: [
      'Raj', 'Rajesh', 'Sanjay', 'Amit', 'Vijay', 'Anil', 'Ravi', 'Sunil', 'Ashok', 'Ramesh', 'Suresh', 'Deepak', 'Manoj',
      'Harjit', 'Gurdeep', 'Jaswinder', 'Kuldip', 'Baljit', 'Sukhdev', 'Jagdish', 'Mahesh', 'Naresh', 'Arjun', 'Rohan',
      'Vikram', 'Arun', 'Dilip', 'Hardeep', 'Amarjit', 'Nikhil', 'Aarav', 'Krish',
    ],
    forenameExponent: 0.6,
    middleNameShare: 0.4,
  },
  'black-african': {
    surnames: [
      'Okafor', 'Adeyemi', 'Mensah', 'Osei', 'Boateng', 'Mohamed', 'Abdi', 'Hassan', 'Banda', 'Phiri', 'Mwangi', 'Ochieng',
      'Kamara', 'Conteh', 'Sesay', 'Bangura', 'Okonkwo', 'Adebayo', 'Ogunleye', 'Eze', 'Nwosu', 'Owusu', 'Asante',
      'Appiah', 'Agyeman', 'Kariuki', 'Otieno', 'Moyo', 'Ncube', 'Dube', 'Sibanda', 'Mutasa', 'Tesfaye', 'Haile', 'Bekele',
      'Oyelaran', 'Afolabi', 'Adjei', 'Nkemelu', 'Warsame',
    ],
    surnameExponent: 0.4,
    female: [
      'Grace', 'Blessing', 'Mercy', 'Faith', 'Esther', 'Comfort', 'Abena', 'Ama', 'Akosua', 'Chioma', 'Ngozi', 'Adaeze',
      'Funmilayo', 'Folake', 'Amina', 'Hodan', 'Fartun', 'Nyasha', 'Tendai', 'Rutendo', 'Chipo', 'Precious', 'Joy',
      'Patience', 'Florence', 'Ruth', 'Deborah', 'Favour', 'Chiamaka', 'Temitope',
    ],
    male: [
      'Emmanuel', 'Samuel', 'David', 'Daniel', 'Kwame', 'Kofi', 'Kwabena', 'Yaw', 'Chinedu', 'Chukwuemeka', 'Oluwaseun',
      'Tunde', 'Babatunde', 'Femi', 'Segun', 'Ibrahim', 'Mohamed', 'Abdi', 'Abdullahi', 'Tinashe', 'Farai', 'Tafadzwa',
      'Joseph', 'Peter', 'Isaac', 'Moses', 'Solomon', 'Elijah', 'Godfrey', 'Victor',
    ],
    forenameExponent: 0.6,
    middleNameShare: 0.65,
  },
  'black-caribbean': {
    surnames: [
      'Campbell', 'Brown', 'Williams', 'Thomas', 'Johnson', 'Smith', 'Francis', 'Robinson', 'Clarke', 'Grant', 'Henry',
      'Morgan', 'Reid', 'Lewis', 'Walker', 'Bailey', 'Thompson', 'Graham', 'Gordon', 'Bennett', 'Edwards', 'Samuels',
      'Forbes', 'Gayle', 'Blake', 'Barrett', 'Ellis', 'Richards', 'Joseph', 'Charles', 'Daley', 'Hinds', 'Wright',
      'McKenzie', 'Morrison', 'Powell', 'Stewart', 'Headley', 'Bryan', 'Christie',
    ],
    surnameExponent: 0.6,
    female: [
      'Marcia', 'Sonia', 'Paulette', 'Beverley', 'Janet', 'Pauline', 'Hyacinth', 'Gloria', 'Myrtle', 'Enid', 'Pearline',
      'Merlene', 'Cynthia', 'Carmen', 'Yvonne', 'Jennifer', 'Claudette', 'Dorrett', 'Sharon', 'Donna', 'Michelle',
      'Simone', 'Natasha', 'Keisha', 'Tanisha', 'Shanice', 'Chantelle', 'Maxine', 'Novlette', 'Marlene',
    ],
    male: [
      'Winston', 'Delroy', 'Errol', 'Clive', 'Lloyd', 'Everton', 'Leroy', 'Desmond', 'Trevor', 'Carlton', 'Neville',
      'Wesley', 'Junior', 'Michael', 'Anthony', 'Leon', 'Marcus', 'Andre', 'Jermaine', 'Tyrone', 'Dwayne', 'Courtney',
      'Garfield', 'Fitzroy', 'Clinton', 'Rupert', 'Linton', 'Denzel', 'Kyle', 'Nathaniel',
    ],
    forenameExponent: 0.6,
    middleNameShare: 0.65,
  },
  chinese: {
    surnames: [
      'Wong', 'Chan', 'Li', 'Lee', 'Chen', 'Zhang', 'Wang', 'Liu', 'Cheung', 'Lam', 'Ng', 'Ho', 'Leung', 'Yang', 'Huang',
      'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Lin', 'Tang', 'Yip', 'Tse', 'Chow', 'Lau', 'Yeung', 'Kwok',
      'Fung', 'Tam', 'Cheng', 'Lo', 'Chu', 'Mak', 'Poon', 'Au', 'Yuen',
    ],
    surnameExponent: 0.9,
    female: [
      'Mei', 'Ling', 'Jing', 'Yan', 'Xin', 'Hui', 'Ying', 'Fang', 'Lan', 'Qing', 'Jia', 'Wei', 'Siu', 'Wai', 'Hong', 'Ping',
      'Ning', 'Meiling', 'Xiaoling', 'Jiayi', 'Yuxin', 'Ziyi', 'Zihan', 'Lily', 'Grace', 'Amy', 'Jenny', 'Cindy', 'Vivian',
      'Winnie',
    ],
    male: [
      'Wei', 'Jun', 'Ming', 'Hao', 'Jie', 'Lei', 'Qiang', 'Tao', 'Yong', 'Feng', 'Kai', 'Long', 'Peng', 'Wing', 'Kin', 'Chi',
      'Kwok', 'Zhiwei', 'Jianhua', 'Haoran', 'Zihao', 'Yuxuan', 'Kevin', 'Eric', 'Raymond', 'Kenneth', 'Jason', 'Vincent',
      'Alan', 'Henry',
    ],
    forenameExponent: 0.5,
    middleNameShare: 0.3,
  },
  arab: {
    surnames: [
      'Hassan', 'Ahmed', 'Ali', 'Mohamed', 'Ibrahim', 'Mahmoud', 'Abdullah', 'Saleh', 'Khalil', 'Haddad', 'Nasser',
      'Mansour', 'Youssef', 'Hamid', 'Salem', 'Aziz', 'Farah', 'Said', 'Omar', 'Al-Hashimi', 'Al-Masri', 'Al-Amin', 'Abbas',
      'Jaber', 'Darwish', 'Suleiman', 'Najjar', 'Khoury', 'Aboud', 'Shaker',
    ],
    surnameExponent: 0.6,
    female: [
      'Fatima', 'Mariam', 'Layla', 'Noor', 'Huda', 'Amira', 'Rania', 'Salma', 'Yasmin', 'Aisha', 'Leila', 'Zahra', 'Hana',
      'Dana', 'Lina', 'Samira', 'Nadia', 'Reem', 'Sara', 'Maha', 'Iman', 'Rana', 'Jana', 'Malak', 'Shahd',
    ],
    male: [
      'Mohammed', 'Ahmed', 'Ali', 'Omar', 'Hassan', 'Youssef', 'Khalid', 'Ibrahim', 'Mahmoud', 'Abdullah', 'Karim', 'Tariq',
      'Sami', 'Hamza', 'Bilal', 'Adam', 'Yazan', 'Zaid', 'Faisal', 'Mustafa', 'Nasser', 'Walid', 'Rami', 'Salim', 'Amir',
    ],
    forenameExponent: 0.7,
    middleNameShare: 0.35,
  },
  other: {
    surnames: [
      'Santos', 'Reyes', 'Cruz', 'Garcia', 'Bautista', 'Mendoza', 'Gurung', 'Tamang', 'Rai', 'Thapa', 'Limbu', 'Nguyen',
      'Tran', 'Le', 'Pham', 'Silva', 'Fernando', 'Perera', 'Sivakumar', 'Yilmaz', 'Kaya', 'Demir', 'Hosseini', 'Ahmadi',
      'Rodriguez', 'Gonzalez', 'Martinez', 'Kim', 'Park', 'Tanaka', 'Sato', 'Suzuki', 'Pereira', 'Costa', 'Oliveira',
      'Rossi', 'Karimi', 'Srisuk', 'Jayasuriya', 'Wickramasinghe',
    ],
    surnameExponent: 0.3,
    female: [
      'Maria', 'Ana', 'Rosa', 'Jasmine', 'Joy', 'Angelica', 'Cristina', 'Linh', 'Mai', 'Anh', 'Hoa', 'Sita', 'Maya', 'Elif',
      'Zeynep', 'Ayse', 'Fatemeh', 'Maryam', 'Shirin', 'Parisa', 'Sofia', 'Lucia', 'Carmen', 'Isabel', 'Minji', 'Yuki',
      'Hana', 'Malee', 'Nimali', 'Dilani',
    ],
    male: [
      'Jose', 'Juan', 'Carlos', 'Luis', 'Joseph', 'Ramon', 'Bikash', 'Prakash', 'Bishnu', 'Hari', 'Minh', 'Duc', 'Thanh',
      'Huy', 'Mehmet', 'Mustafa', 'Emre', 'Reza', 'Hossein', 'Amir', 'Dariush', 'Antonio', 'Miguel', 'Diego', 'Minjun',
      'Hiroshi', 'Kenji', 'Somchai', 'Nuwan', 'Ruwan',
    ],
    forenameExponent: 0.5,
    middleNameShare: 0.4,
  },
};

