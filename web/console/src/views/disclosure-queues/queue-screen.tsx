import { defineComponent, type PropType, ref, type VNodeChild } from 'vue';
import { type DisclosureQueue, type DisclosureSummary, disclosureQueue } from '../../api/disclosure';
import type { CaseSummary } from '../../api/types';
import { CaseTable } from '../../components/case-table';
import { useCursorPages } from '../../composables/use-cursor-pages';
import { useDirectoryNames } from '../../composables/use-directory-names';
import { usePoll } from '../../composables/use-poll';

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
      type: Object as PropType<{ label: string; cell: (row: DisclosureSummary) => VNodeChild }>,
      required: true,
    },
  },
  setup(props) {
    const { nameOf } = useDirectoryNames();
    const now = ref(new Date());
    const selected = ref<string>();
    const list = useCursorPages((cursor) => disclosureQueue(props.queue, { cursor, limit: PAGE_SIZE }));
    usePoll(async () => {
      now.value = new Date();
      await list.refresh();
    });

    return () => (
      <section class="disclosure-queue" aria-labelledby="dq-title">
        <h1 id="dq-title">{props.title}</h1>
        <p class="hint">{props.intro}</p>
        <CaseTable
          caption={props.caption}
          rows={list.items.value}
          now={now.value}
          loading={list.loading.value}
          loaded={list.loaded.value}
          error={list.error.value}
          selectedId={selected.value}
          page={list.page.value}
          hasPrevious={list.hasPrevious.value}
          hasNext={list.nextCursor.value !== null}
          emptyText={props.emptyText}
          nameOf={nameOf()}
          extra={{
            label: props.extra.label,
            minWidth: 180,
            cell: (row: CaseSummary) => props.extra.cell(row as DisclosureSummary),
          }}
          onSelect={(caseId: string) => {
            selected.value = caseId;
          }}
          onPrevious={() => void list.previous()}
          onNext={() => void list.next()}
          onRetry={() => void list.refresh().catch(() => undefined)}
        />
      </section>
    );
  },
});
