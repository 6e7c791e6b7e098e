import { defineComponent, type PropType } from 'vue';
import { type DisclosureQueue, type DisclosureRow, disclosureQueue } from '../../api/disclosure';
import { useCursorPages } from '../../composables/use-cursor-pages';
import { usePoll } from '../../composables/use-poll';
import { DisclosureTable } from './disclosure-table';

const PAGE_SIZE = 20;

/**
 * One list of disclosure requests (GET /v1/disclosure/cases?queue=…), paged by cursor and polled
 * (cheap with ETags); a row's tracking number opens the case, whose 政府信息公开 panel holds the work.
 */
export const DisclosureQueueScreen = defineComponent({
  name: 'DisclosureQueueScreen',
  props: {
    queue: { type: String as PropType<DisclosureQueue>, required: true },
    title: { type: String, required: true },
    caption: { type: String, required: true },
    intro: { type: String, required: true },
    emptyText: { type: String, required: true },
    extra: {
      type: Object as PropType<{ label: string; cell: (row: DisclosureRow) => string }>,
      required: true,
    },
  },
  setup(props) {
    const list = useCursorPages((cursor) => disclosureQueue(props.queue, { cursor, limit: PAGE_SIZE }));
    usePoll(() => list.refresh());

    return () => (
      <section class="disclosure-queue" aria-labelledby="dq-title">
        <h1 id="dq-title">{props.title}</h1>
        <p class="hint">{props.intro}</p>
        <DisclosureTable
          caption={props.caption}
          rows={list.items.value}
          loading={list.loading.value}
          loaded={list.loaded.value}
          error={list.error.value}
          page={list.page.value}
          hasPrevious={list.hasPrevious.value}
          hasNext={list.nextCursor.value !== null}
          emptyText={props.emptyText}
          extra={props.extra}
          onPrevious={() => void list.previous()}
          onNext={() => void list.next()}
          onRetry={() => void list.refresh().catch(() => undefined)}
        />
      </section>
    );
  },
});
