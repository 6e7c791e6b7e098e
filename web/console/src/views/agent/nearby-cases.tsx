import { ElAlert, ElSkeleton } from 'element-plus';
import { defineComponent, type PropType, ref, watch } from 'vue';
import { nearbyCases } from '../../api/cases';
import type { CaseSummary } from '../../api/types';
import { CaseLinks, type NameOf } from './case-links';

/**
 * 附近在办: open cases in the district (and category) the agent chose. A caller reporting what
 * others already reported hears that it is known and being handled: a possible duplicate.
 */
export const NearbyCases = defineComponent({
  name: 'NearbyCases',
  props: {
    district: { type: String, required: true },
    category: { type: String, required: true },
    nameOf: { type: Function as PropType<NameOf>, required: true },
  },
  setup(props) {
    const items = ref<readonly CaseSummary[]>();
    const loading = ref(false);
    const error = ref<string>();
    let asked = 0;

    async function load(): Promise<void> {
      const ask = ++asked;
      if (!props.district) {
        items.value = undefined;
        error.value = undefined;
        return;
      }
      loading.value = true;
      try {
        const answer = await nearbyCases(props.district, props.category || undefined);
        // A later choice answered first: keep what matches the pickers now.
        if (ask !== asked) return;
        items.value = answer.items;
        error.value = undefined;
      } catch (e) {
        if (ask !== asked) return;
        error.value = e instanceof Error ? e.message : '加载失败';
      } finally {
        if (ask === asked) loading.value = false;
      }
    }

    watch(() => [props.district, props.category], load, { immediate: true });

    return () => (
      <section class="panel nearby" aria-labelledby="nearby-title" aria-busy={loading.value}>
        <h2 id="nearby-title">附近在办工单</h2>
        {!props.district ? (
          <p class="hint">选择区域后显示该区域（及类别）的在办工单，可提示来电人是否已有人反映。</p>
        ) : error.value ? (
          <ElAlert type="error" title={`附近工单加载失败：${error.value}`} closable={false} showIcon />
        ) : items.value === undefined ? (
          <ElSkeleton rows={2} animated />
        ) : items.value.length === 0 ? (
          <p class="hint">该区域暂无同类在办工单。</p>
        ) : (
          <CaseLinks items={items.value} nameOf={props.nameOf} label="附近在办工单" />
        )}
      </section>
    );
  },
});
