import type { Channel, Directory } from '../../shared/domain/index.js';
import type { GroupBy } from '../../shared/domain/metrics/report.js';

/** 渠道 the channels as the public and the analysts call them. */
export const CHANNEL_NAMES: Readonly<Record<Channel, string>> = {
  hotline: '12345热线',
  webform: '网上诉求',
  wechat: '微信公众号',
};

/** The display name of a group's key: the directory's name, or undefined (the key is shown). */
export function nameResolver(groupBy: GroupBy, directory: Directory): (key: string) => string | undefined {
  switch (groupBy) {
    case 'department':
      return (key) => directory.departments.get(key)?.name;
    case 'category':
      return (key) => directory.categories.get(key)?.name;
    case 'channel':
      return (key) => CHANNEL_NAMES[key as Channel];
    default:
      return () => undefined;
  }
}
