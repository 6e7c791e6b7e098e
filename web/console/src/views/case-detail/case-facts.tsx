import { ElDescriptions, ElDescriptionsItem } from 'element-plus';
import { defineComponent, type PropType } from 'vue';
import {
  CHANNEL_TEXT,
  CLOSE_REASON_TEXT,
  SLA_OUTCOME_TEXT,
  TYPE_TEXT,
  URGENCY_TEXT,
} from '../../../../../shared/domain/labels';
import type { StaffCase } from '../../api/types';
import type { NameOf } from '../../components/case-table';
import { formatBeijing } from '../../components/countdown';

/** 基本信息: every field of the case a handler reads, in the glossary's words. */
export const CaseFacts = defineComponent({
  name: 'CaseFacts',
  props: {
    kase: { type: Object as PropType<StaffCase>, required: true },
    nameOf: { type: Function as PropType<NameOf>, required: true },
  },
  setup(props) {
    const when = (iso: string | undefined) => (iso ? formatBeijing(iso) : '—');
    return () => {
      const k = props.kase;
      const name = props.nameOf;
      return (
        <section aria-labelledby="facts-title">
          <h2 id="facts-title">基本信息</h2>
          <ElDescriptions column={2} border class="case-facts">
            <ElDescriptionsItem label="工单号">{k.trackingNo}</ElDescriptionsItem>
            <ElDescriptionsItem label="受理渠道">{CHANNEL_TEXT[k.channel] ?? k.channel}</ElDescriptionsItem>
            <ElDescriptionsItem label="诉求类型">{TYPE_TEXT[k.type] ?? k.type}</ElDescriptionsItem>
            <ElDescriptionsItem label="紧急程度">{URGENCY_TEXT[k.urgency] ?? k.urgency}</ElDescriptionsItem>
            <ElDescriptionsItem label="诉求类别">{name('category', k.category)}</ElDescriptionsItem>
            <ElDescriptionsItem label="属地">{name('district', k.district)}</ElDescriptionsItem>
            {/* What the call centre's agent typed that the catalogue did not resolve: the dispatcher's cue. */}
            {k.typedCategory && (
              <ElDescriptionsItem label="话务员所填类别">{k.typedCategory}</ElDescriptionsItem>
            )}
            {k.typedDistrict && (
              <ElDescriptionsItem label="话务员所填属地">{k.typedDistrict}</ElDescriptionsItem>
            )}
            <ElDescriptionsItem label="地址" span={2}>
              {k.address ?? '—'}
            </ElDescriptionsItem>
            <ElDescriptionsItem label="联系人">{k.contact.name ?? '—'}</ElDescriptionsItem>
            <ElDescriptionsItem label="联系电话">{k.contact.phoneMasked ?? '—'}</ElDescriptionsItem>
            <ElDescriptionsItem label="主办单位">
              {k.departmentId ? name('department', k.departmentId) : '—'}
            </ElDescriptionsItem>
            <ElDescriptionsItem label="协办单位">
              {k.coHandlers.length > 0 ? k.coHandlers.map((d) => name('department', d)).join('、') : '—'}
            </ElDescriptionsItem>
            <ElDescriptionsItem label="受理时间">{when(k.receivedAt)}</ElDescriptionsItem>
            <ElDescriptionsItem label="签收期限">{when(k.ackDueAt)}</ElDescriptionsItem>
            <ElDescriptionsItem label="办理期限">{when(k.dueAt)}</ElDescriptionsItem>
            <ElDescriptionsItem label="已批准延期">{`${k.extensionsApproved ?? 0} 次`}</ElDescriptionsItem>
            <ElDescriptionsItem label="办结时间">{when(k.completedAt)}</ElDescriptionsItem>
            <ElDescriptionsItem label="按时办结">
              {k.slaOutcome ? SLA_OUTCOME_TEXT[k.slaOutcome] : '—'}
            </ElDescriptionsItem>
            {k.closeReason && (
              <ElDescriptionsItem label="归档原因">{CLOSE_REASON_TEXT[k.closeReason]}</ElDescriptionsItem>
            )}
            {k.mergedInto && <ElDescriptionsItem label="并入工单">{k.mergedInto}</ElDescriptionsItem>}
            {k.repeatOf && <ElDescriptionsItem label="重复来电，前一工单">{k.repeatOf}</ElDescriptionsItem>}
          </ElDescriptions>
        </section>
      );
    };
  },
});
