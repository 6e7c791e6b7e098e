import { ElEmpty } from 'element-plus';
import { defineComponent, type PropType } from 'vue';
import { RouterLink } from 'vue-router';
import { NOTICE_KIND_TEXT, NOTICE_STATE_TEXT } from '../../../../../shared/domain/labels';
import type { StaffCase } from '../../api/types';
import { formatBeijing } from '../../components/countdown';

/** Why a photo the appeal named is not in the archive. */
const MISSING_TEXT: Readonly<Record<'not_uploaded' | 'checksum_mismatch', string>> = {
  not_uploaded: '未上传',
  checksum_mismatch: '校验不一致，未归档',
};

/** 附件 and 通知: what the citizen sent and what the citizen was told, with its delivery. */
export const CaseRecords = defineComponent({
  name: 'CaseRecords',
  props: { kase: { type: Object as PropType<StaffCase>, required: true } },
  setup(props) {
    return () => {
      const k = props.kase;
      const missing = k.missingAttachments ?? [];
      const notices = k.notices ?? [];
      return (
        <div class="case-records">
          <section aria-labelledby="attachments-title">
            <h2 id="attachments-title">附件</h2>
            {k.attachments.length === 0 && missing.length === 0 ? (
              <p class="muted">无附件</p>
            ) : (
              <ul>
                {k.attachments.map((key) => (
                  <li key={key}>{key.split('/').pop()}</li>
                ))}
                {missing.map((m) => (
                  <li key={m.key}>
                    {m.key.split('/').pop()}（{MISSING_TEXT[m.reason]}）
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="notices-title">
            <h2 id="notices-title">通知市民</h2>
            {notices.length === 0 ? (
              <ElEmpty description="尚未通知市民" imageSize={48} />
            ) : (
              <table class="plain-table">
                <thead>
                  <tr>
                    <th scope="col">通知</th>
                    <th scope="col">状态</th>
                    <th scope="col">生成时间</th>
                    <th scope="col">送达时间</th>
                  </tr>
                </thead>
                <tbody>
                  {notices.map((n) => (
                    <tr key={n.noticeId}>
                      <td>{NOTICE_KIND_TEXT[n.kind]}</td>
                      <td>{NOTICE_STATE_TEXT[n.state]}</td>
                      <td>{formatBeijing(n.queuedAt)}</td>
                      <td>{n.deliveredAt ? formatBeijing(n.deliveredAt) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          {(k.duplicates?.length ?? 0) > 0 && (
            <section aria-labelledby="duplicates-title">
              <h2 id="duplicates-title">并入本工单的重复诉求</h2>
              <ul>
                {k.duplicates?.map((d) => (
                  <li key={d.caseId}>
                    <RouterLink to={{ name: 'case', params: { caseId: d.caseId } }}>
                      {d.trackingNo}
                    </RouterLink>
                    （{formatBeijing(d.linkedAt)}）
                  </li>
                ))}
                {k.duplicatesMore && <li>……更多</li>}
              </ul>
            </section>
          )}
        </div>
      );
    };
  },
});
