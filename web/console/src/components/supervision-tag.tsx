import { ElTag } from 'element-plus';
import { defineComponent, type PropType } from 'vue';
import { SUPERVISION_TEXT } from '../../../../shared/domain/labels';
import type { SupervisionState } from '../api/types';

/** 预警 amber, 催办 and 逾期 red; always with the word, so colour is never the only signal. */
const TAG_TYPE: Readonly<Record<SupervisionState, 'warning' | 'danger'>> = {
  warned: 'warning',
  reminded: 'danger',
  overdue: 'danger',
};

export const SupervisionTag = defineComponent({
  name: 'SupervisionTag',
  props: { state: { type: String as PropType<SupervisionState>, required: true } },
  setup(props) {
    return () => (
      <ElTag
        type={TAG_TYPE[props.state]}
        effect={props.state === 'overdue' ? 'dark' : 'light'}
        size="small"
        disableTransitions
        class="supervision-tag"
      >
        {SUPERVISION_TEXT[props.state]}
      </ElTag>
    );
  },
});
