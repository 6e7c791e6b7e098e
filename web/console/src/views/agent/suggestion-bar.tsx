import { ElButton } from 'element-plus';
import { defineComponent, type PropType } from 'vue';
import { TYPE_TEXT } from '../../../../../shared/domain/labels';
import type { CaseType } from '../../api/types';
import type { NameOf } from './case-links';
import type { SuggestionFills } from './suggestion';

/**
 * 建议：类别 X · 区域 Y, right after the content field in the Tab order: one Tab and Enter (or a
 * click) applies it to the pickers the agent left empty. Nothing shows while nothing would change.
 */
export const SuggestionBar = defineComponent({
  name: 'SuggestionBar',
  props: {
    fills: { type: Object as PropType<SuggestionFills>, required: true },
    nameOf: { type: Function as PropType<NameOf>, required: true },
  },
  emits: { apply: () => true },
  setup(props, { emit }) {
    return () => {
      const { category, district, type } = props.fills;
      const parts = [
        category && `类别 ${props.nameOf('category', category)}`,
        district && `区域 ${props.nameOf('district', district)}`,
        type && `类型 ${TYPE_TEXT[type as CaseType] ?? type}`,
      ].filter(Boolean);
      if (parts.length === 0) return null;
      const text = `建议：${parts.join(' · ')}`;
      return (
        <div class="suggestion" data-testid="suggestion">
          <span class="suggestion-text">{text}</span>
          <ElButton
            size="small"
            type="primary"
            plain
            onClick={() => emit('apply')}
            aria-label={`采用${text}`}
          >
            采用建议
          </ElButton>
        </div>
      );
    };
  },
});
