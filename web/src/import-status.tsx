import type { ImportStatus } from './imports.js';
import { Tag, type TagColour } from './tag.js';

const statuses: ReadonlyMap<ImportStatus, { text: string; colour: TagColour }> = new Map([
  ['running', { text: 'Running', colour: 'blue' }],
  ['done', { text: 'Done', colour: 'green' }],
  ['failed', { text: 'Failed', colour: 'red' }],
]);

/** An import's status as a tag. */
export function ImportStatusTag({ status }: { status: ImportStatus }) {
  const shown = statuses.get(status) ?? { text: status, colour: 'grey' };
  return <Tag colour={shown.colour}>{shown.text}</Tag>;
}

/** What an import is called where its file name is not known. */
export function importName(run: { id: string; file: string }): string {
  return run.file === '' ? `Import ${run.id}` : run.file;
}
