import { ElTag } from 'element-plus';
import { defineComponent, type PropType } from 'vue';
import { STATUS_TEXT } from '../../../../shared/domain/labels';
import type { CaseStatus } from '../api/types';

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

/** The colour says which side must move next; the text (STATUS_TEXT) says the status itself. */
const TAG_TYPE: Readonly<Record<CaseStatus, TagType>> = {
  received: 'info',
  pending_dispatch: 'warning',
  dispatched: 'primary',
  acknowledged: 'primary',
  returned: 'warning',
  completed: 'success',
  dissatisfied: 'danger',
  reopened: 'warning',
  closed: 'info',
  merged: 'info',
};

/** 办理状态 as a tag, in the glossary's words. */
export const StatusTag = defineComponent({
  name: 'StatusTag',
  props: { status: { type: String as PropType<CaseStatus>, required: true } },
  setup(props) {
    return () => (
      <ElTag type={TAG_TYPE[props.status]} effect="light" disableTransitions>
        {STATUS_TEXT[props.status] ?? props.status}
      </ElTag>
    );
  },
});
