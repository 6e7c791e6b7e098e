import { ElEmpty, ElTimeline, ElTimelineItem } from 'element-plus';
import { defineComponent, type PropType } from 'vue';
import { formatBeijing } from './countdown';
import { actionText, actorText, noteText } from './history-text';

export interface HistoryEntryView {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly note?: string;
}

/** The case's whole history, newest first: what happened, who did it, when, and the note. */
export const HistoryTimeline = defineComponent({
  name: 'HistoryTimeline',
  props: {
    entries: { type: Array as PropType<readonly HistoryEntryView[]>, required: true },
    /** A department's name for its id (the directory's); the id itself by default. */
    departmentName: { type: Function as PropType<(id: string) => string>, default: (id: string) => id },
  },
  setup(props) {
    return () =>
      props.entries.length === 0 ? (
        <ElEmpty description="暂无办理记录" />
      ) : (
        <ElTimeline class="history-timeline">
          {[...props.entries].reverse().map((entry, i) => (
            <ElTimelineItem key={`${entry.at}-${i}`} timestamp={formatBeijing(entry.at)} placement="top">
              <p class="history-step">
                <strong>{actionText(entry.action)}</strong>
                <span class="history-actor"> · {actorText(entry.actor, props.departmentName)}</span>
              </p>
              {entry.note && <p class="history-note">{noteText(entry.note, props.departmentName)}</p>}
            </ElTimelineItem>
          ))}
        </ElTimeline>
      );
  },
});
