import type { Channel, Directory } from '../../shared/domain/index.js';
import { CHANNEL_TEXT } from '../../shared/domain/labels.js';
import type { GroupBy } from '../../shared/domain/metrics/report.js';

/** The display name of a group's key: the directory's name, or undefined (the key is shown). */
export function nameResolver(groupBy: GroupBy, directory: Directory): (key: string) => string | undefined {
  switch (groupBy) {
    case 'department':
      return (key) => directory.departments.get(key)?.name;
    case 'category':
      return (key) => directory.categories.get(key)?.name;
    case 'channel':
      return (key) => CHANNEL_TEXT[key as Channel];
    case 'line':
      return (key) => directory.lines.get(key)?.name;
    default:
      return () => undefined;
  }
}
