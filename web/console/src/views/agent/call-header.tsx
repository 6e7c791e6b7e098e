import { ElAlert, ElSkeleton } from 'element-plus';
import { defineComponent, type PropType, ref, watch } from 'vue';
import { type AgentCall, callOf } from '../../api/agent';
import type { CaseSummary } from '../../api/types';
import { CaseLinks, type NameOf } from './case-links';
import { clockTime } from './format';

/**
 * The call on the line: its line, the masked caller number, when it was answered, and the caller's
 * earlier cases (by the keyed caller hash: the same number, never shown in clear).
 */
export const CallHeader = defineComponent({
  name: 'CallHeader',
  props: {
    call: { type: Object as PropType<AgentCall>, required: true },
    nameOf: { type: Function as PropType<NameOf>, required: true },
  },
  setup(props) {
    const callerCases = ref<readonly CaseSummary[]>();
    const error = ref<string>();

    watch(
      () => props.call.callId,
      async (callId) => {
        callerCases.value = undefined;
        error.value = undefined;
        try {
          const answer = await callOf(callId);
          if (callId === props.call.callId) callerCases.value = answer.callerCases;
        } catch (e) {
          if (callId === props.call.callId) error.value = e instanceof Error ? e.message : '加载失败';
        }
      },
      { immediate: true },
    );

    return () => (
      <section class="call-header" aria-labelledby="call-title">
        <h2 id="call-title" class="call-title">
          <span>当前来电</span>
          <span class="caller" data-testid="caller">
            {props.call.callerMasked ?? '号码未显示'}
          </span>
        </h2>
        <dl class="call-facts">
          <dt>线路</dt>
          <dd>{props.call.line}</dd>
          <dt>接听时间</dt>
          <dd>{clockTime(props.call.answeredAt)}</dd>
          {props.call.endedAt && [
            <dt key="e">挂机时间</dt>,
            <dd key="v">{clockTime(props.call.endedAt)}</dd>,
          ]}
        </dl>
        <div class="caller-cases">
          <h3>来电人的历史工单</h3>
          {error.value ? (
            <ElAlert type="error" title={`历史工单加载失败：${error.value}`} closable={false} showIcon />
          ) : callerCases.value === undefined ? (
            <ElSkeleton rows={1} animated />
          ) : callerCases.value.length === 0 ? (
            <p class="hint">该号码没有历史工单（首次来电）。</p>
          ) : (
            <CaseLinks items={callerCases.value} nameOf={props.nameOf} label="来电人的历史工单" />
          )}
        </div>
      </section>
    );
  },
});
