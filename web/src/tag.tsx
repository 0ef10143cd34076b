import type { ReactNode } from 'react';

/** The colours nhsuk-frontend's tag component offers. */
export type TagColour = 'white' | 'grey' | 'green' | 'aqua-green' | 'blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';

/** An NHS tag: a short status or category beside the thing it describes. */
export function Tag({ colour, children }: { colour?: TagColour; children: ReactNode }) {
  return <strong className={colour === undefined ? 'nhsuk-tag' : `nhsuk-tag nhsuk-tag--${colour}`}>{children}</strong>;
}

/** How the source systems every installation starts with are named when only their id is known. */
const sourceNames: Readonly<Record<string, string>> = {
  gp: 'GP',
  hospital: 'Hospital',
  community: 'Community',
  council: 'Council',
};

/** A source system's name from its id: "gp" → "GP"; an id the web UI does not know is shown as it is. */
export function sourceName(id: string): string {
  return sourceNames[id] ?? id;
}

/** The source systems that hold a record, as a row of tags. */
export function SourceTags({ sources }: { sources: readonly string[] }) {
  if (sources.length === 0) return <>None</>;
  return (
    <ul className="nhsuk-list app-tag-list">
      {sources.map((id) => (
        <li key={id}>
          <Tag colour="white">{sourceName(id)}</Tag>
        </li>
      ))}
    </ul>
  );
}

/**
 * A colour for each kind of timeline entry (the kinds of src/record/model.ts), so entries of one kind
 * are easy to pick out; the tag's words carry the meaning, the colour only helps.
 */
const kindColours: Readonly<Record<string, TagColour>> = {
  'gp-contact': 'blue',
  'ae-attendance': 'red',
  admission: 'red',
  outpatient: 'aqua-green',
  'community-visit': 'green',
  'care-request': 'purple',
  'care-assessment': 'purple',
  'care-service': 'purple',
  'care-review': 'purple',
  condition: 'orange',
  medication: 'yellow',
  allergy: 'pink',
  observation: 'grey',
  procedure: 'aqua-green',
  'care-plan': 'purple',
  alert: 'orange',
  other: 'grey',
};

/** The tag of a timeline entry's kind. */
export function KindTag({ kind, label }: { kind: string; label: string }) {
  return <Tag colour={kindColours[kind] ?? 'grey'}>{label}</Tag>;
}
