import { ElAlert, ElButton, ElEmpty, ElInput, ElOption, ElSelect } from 'element-plus';
import { defineComponent, type PropType, ref } from 'vue';
import { searchCases } from '../../api/cases';
import type { CaseSummary } from '../../api/types';
import { CaseLinks, type NameOf } from './case-links';
import { guessMode, type LookupMode, lookupQuery } from './lookup-query';

/** 查询: any case by tracking number or phone, for a caller on the line who asks about one. */
export const CaseLookup = defineComponent({
  name: 'CaseLookup',
  props: { nameOf: { type: Function as PropType<NameOf>, required: true } },
  setup(props) {
    const text = ref('');
    const mode = ref<LookupMode>('trackingNo');
    const busy = ref(false);
    const error = ref<string>();
    const items = ref<readonly CaseSummary[]>();

    function onInput(value: string): void {
      text.value = value;
      const guess = guessMode(value);
      if (guess) mode.value = guess;
    }

    async function search(): Promise<void> {
      const parsed = lookupQuery(text.value, mode.value);
      if ('error' in parsed) {
        error.value = parsed.error;
        items.value = undefined;
        return;
      }
      busy.value = true;
      error.value = undefined;
      try {
        items.value = (await searchCases(parsed.query)).items;
      } catch (e) {
        items.value = undefined;
        error.value = e instanceof Error ? e.message : '查询失败，请重试';
      } finally {
        busy.value = false;
      }
    }

    return () => (
      <section class="panel lookup" aria-labelledby="lookup-title">
        <h2 id="lookup-title">查询工单</h2>
        {/* Its own form: here Enter is meant to search. */}
        <form
          class="lookup-form"
          aria-label="按受理编号或电话查询"
          onSubmit={(e: Event) => {
            e.preventDefault();
            void search();
          }}
        >
          <ElSelect v-model={mode.value} class="lookup-mode" aria-label="查询方式" teleported={false}>
            <ElOption value="trackingNo" label="受理编号" />
            <ElOption value="phone" label="电话号码" />
          </ElSelect>
          <ElInput
            modelValue={text.value}
            onUpdate:modelValue={onInput}
            aria-label={mode.value === 'phone' ? '来电人电话号码' : '受理编号'}
            placeholder={mode.value === 'phone' ? '如 13912345678' : '如 261203-7KQ2-M9XA'}
            clearable
          />
          <ElButton nativeType="submit" loading={busy.value}>
            查询
          </ElButton>
        </form>
        {error.value && <ElAlert type="error" title={error.value} closable={false} showIcon />}
        {items.value &&
          (items.value.length === 0 ? (
            <ElEmpty description="没有找到工单" imageSize={48} />
          ) : (
            <CaseLinks items={items.value} nameOf={props.nameOf} label="查询结果" />
          ))}
      </section>
    );
  },
});
