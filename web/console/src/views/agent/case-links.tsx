import { defineComponent, type PropType } from 'vue';
import { RouterLink } from 'vue-router';
import { TYPE_TEXT, URGENCY_TEXT } from '../../../../../shared/domain/labels';
import type { CaseSummary } from '../../api/types';
import type { NameOf } from '../../components/case-table';
import { StatusTag } from '../../components/status-tag';
import { dateTime } from './format';

export type { NameOf };

/** A short list of cases, each a link to its page: the caller's earlier cases, nearby ones, a look-up's. */
export const CaseLinks = defineComponent({
  name: 'CaseLinks',
  props: {
    items: { type: Array as PropType<readonly CaseSummary[]>, required: true },
    nameOf: { type: Function as PropType<NameOf>, required: true },
    /** Accessible name of the list. */
    label: { type: String, required: true },
  },
  setup(props) {
    return () => (
      <ul class="case-links" aria-label={props.label}>
        {props.items.map((c) => (
          <li key={c.caseId}>
            <RouterLink to={{ name: 'case', params: { caseId: c.caseId } }} class="case-link">
              <span class="tracking-no">{c.trackingNo}</span>
              <StatusTag status={c.status} />
            </RouterLink>
            <div class="case-meta">
              {TYPE_TEXT[c.type] ?? c.type} · {props.nameOf('category', c.category)} ·{' '}
              {props.nameOf('district', c.district)} · {dateTime(c.receivedAt)}
              {c.urgency === 'urgent' && <span class="urgent-mark">{URGENCY_TEXT.urgent}</span>}
            </div>
          </li>
        ))}
      </ul>
    );
  },
});
