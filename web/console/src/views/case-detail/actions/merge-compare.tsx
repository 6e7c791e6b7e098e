import { defineComponent, type PropType } from 'vue';
import type { StaffCase } from '../../../api/types';
import { formatBeijing } from '../../../components/countdown';
import { StatusTag } from '../../../components/status-tag';
import { useDirectoryNames } from '../../../composables/use-directory-names';
import './actions.css';

/**
 * 并单 side by side: the duplicate (this case) and the master it joins, content, place and status,
 * so the dispatcher sees they are the same matter before the duplicate closes as merged.
 */
export const MergeCompare = defineComponent({
  name: 'MergeCompare',
  props: {
    duplicate: { type: Object as PropType<StaffCase>, required: true },
    master: { type: Object as PropType<StaffCase>, required: true },
  },
  setup(props) {
    const { nameOf } = useDirectoryNames();
    const side = (title: string, k: StaffCase, id: string) => (
      <section class="merge-side" aria-labelledby={id}>
        <h3 id={id} class="form-subtitle">
          {title} {k.trackingNo}
        </h3>
        <p class="merge-meta">
          <StatusTag status={k.status} /> {nameOf()('category', k.category)} ·{' '}
          {nameOf()('district', k.district)}
          {k.address ? ` · ${k.address}` : ''} · 受理于 {formatBeijing(k.receivedAt)}
        </p>
        <p class="merge-content">{k.content}</p>
      </section>
    );
    return () => (
      <div class="merge-compare" data-testid="merge-compare">
        {side('本工单（将并入）', props.duplicate, 'merge-side-duplicate')}
        {side('主工单', props.master, 'merge-side-master')}
      </div>
    );
  },
});
