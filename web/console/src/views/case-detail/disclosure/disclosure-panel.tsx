import { ElAlert, ElButton, ElDescriptions, ElDescriptionsItem, ElTag } from 'element-plus';
import { defineComponent, type PropType, ref } from 'vue';
import {
  APPLICANT_KIND_TEXT,
  ARRIVAL_WAY_TEXT,
  DELIVERY_WAY_TEXT,
  DISCLOSURE_OUTCOME_TEXT,
  IDENTITY_DOCUMENT_TEXT,
  INFORMATION_MEDIUM_TEXT,
  PAUSE_REASON_TEXT,
  REGISTER_DECISION_TEXT,
  REPRESENTATIVE_ROLE_TEXT,
  REVIEW_KIND_TEXT,
  REVIEW_RESULT_TEXT,
  DISCLOSURE_CONSOLE_TEXT as T,
  TYPE_TEXT,
} from '../../../../../../shared/domain/labels';
import { replyLetter } from '../../../api/disclosure';
import { ApiError } from '../../../api/http';
import type { StaffCase } from '../../../api/types';
import type { NameOf } from '../../../components/case-table';
import { formatBeijing } from '../../../components/countdown';
import { saveFile } from '../../../composables/save-file';
import { identityLine, replyLines, returnedLine, stageOf } from './disclosure-format';
import './disclosure-panel.css';

const textOf = <K extends string>(table: Readonly<Record<K, string>>, key: string): string =>
  (table as Record<string, string>)[key] ?? key;

/**
 * 政府信息公开: the request as kept (the identity number masked: the server holds only its last four),
 * its clock, who is responsible, the registration, third parties, the draft, its approval, the
 * 答复书 (downloaded with the bearer token) and any 复议/诉讼. The actions are in the bar above.
 */
export const DisclosurePanel = defineComponent({
  name: 'DisclosurePanel',
  props: {
    kase: { type: Object as PropType<StaffCase>, required: true },
    nameOf: { type: Function as PropType<NameOf>, required: true },
  },
  setup(props) {
    const downloading = ref(false);
    const downloadError = ref<string>();

    async function download(): Promise<void> {
      const letter = props.kase.disclosure?.letter;
      downloading.value = true;
      downloadError.value = undefined;
      try {
        saveFile(
          await replyLetter(props.kase.caseId),
          `答复书-${letter?.letterNo ?? props.kase.trackingNo}.pdf`,
        );
      } catch (e) {
        downloadError.value = e instanceof ApiError ? e.message : '下载失败，请重试';
      } finally {
        downloading.value = false;
      }
    }

    return () => {
      const k = props.kase;
      const file = k.disclosure;
      if (!file) return null;
      const r = file.request;
      const a = r.applicant;
      const contact = [
        a.contact.phone && `电话 ${a.contact.phone}`,
        a.contact.email && `邮箱 ${a.contact.email}`,
        a.contact.address &&
          `地址 ${a.contact.address}${a.contact.postcode ? `（${a.contact.postcode}）` : ''}`,
      ].filter(Boolean);
      const pauses = k.pauses ?? [];
      const draft = file.draft;
      const approved = file.approval && draft && file.approval.revision === draft.revision;
      return (
        <section class="disclosure-panel" aria-labelledby="disclosure-title">
          <h2 id="disclosure-title">
            {T.panelTitle} <ElTag type={file.letter ? 'success' : 'primary'}>{stageOf(file)}</ElTag>
          </h2>
          <ElDescriptions column={2} border class="case-facts" aria-label={T.request}>
            <ElDescriptionsItem label={T.applicant}>
              {a.kind === 'citizen'
                ? `${a.name}（${APPLICANT_KIND_TEXT.natural_person}）`
                : `${a.name}（${textOf(APPLICANT_KIND_TEXT, a.organisationKind)}；${textOf(REPRESENTATIVE_ROLE_TEXT, a.representative.role)} ${a.representative.name}）`}
            </ElDescriptionsItem>
            <ElDescriptionsItem label={T.identity}>
              <span data-testid="dr-identity">
                {identityLine(r, (kind) => textOf(IDENTITY_DOCUMENT_TEXT, kind))}
              </span>
            </ElDescriptionsItem>
            <ElDescriptionsItem label={T.contact} span={2}>
              {contact.length ? contact.join('；') : '—'}
            </ElDescriptionsItem>
            <ElDescriptionsItem label={T.information} span={2}>
              <span class="appeal-text">
                {r.information.description}
                {r.information.title ? `（名称：${r.information.title}）` : ''}
                {r.information.documentNo ? `（文号：${r.information.documentNo}）` : ''}
              </span>
            </ElDescriptionsItem>
            <ElDescriptionsItem label={T.purpose}>{r.purpose ?? '—'}</ElDescriptionsItem>
            <ElDescriptionsItem label={T.form}>
              {`${textOf(INFORMATION_MEDIUM_TEXT, r.form.medium)} · ${textOf(DELIVERY_WAY_TEXT, r.form.delivery)}`}
            </ElDescriptionsItem>
            <ElDescriptionsItem label={T.body}>
              {props.nameOf('department', r.departmentId)}
            </ElDescriptionsItem>
            <ElDescriptionsItem label={T.arrival}>
              {textOf(ARRIVAL_WAY_TEXT, r.arrival.way)}
            </ElDescriptionsItem>
            <ElDescriptionsItem label={T.receivedOn}>
              <strong data-testid="dr-received-on">{r.receivedOn}</strong>
            </ElDescriptionsItem>
            <ElDescriptionsItem label={T.deadline}>
              {k.dueAt ? formatBeijing(k.dueAt) : '—'}
              {k.extensionsApproved ? `（已延期 ${k.extensionsApproved} 次）` : ''}
            </ElDescriptionsItem>
            <ElDescriptionsItem label={T.pauses} span={2}>
              {pauses.length === 0 && !k.pausedSince
                ? '无'
                : [
                    ...pauses.map(
                      (p) =>
                        `${PAUSE_REASON_TEXT[p.reason]}：${formatBeijing(p.from)} 至 ${formatBeijing(p.to)}`,
                    ),
                    ...(k.pausedSince
                      ? [
                          `${PAUSE_REASON_TEXT[k.pausedSince.reason]}：${formatBeijing(k.pausedSince.at)} 起（计时中止中）`,
                        ]
                      : []),
                  ].join('；')}
            </ElDescriptionsItem>
            <ElDescriptionsItem label={T.responsible}>
              <span data-testid="dr-responsible">{file.responsible?.name ?? '未指定'}</span>
            </ElDescriptionsItem>
            <ElDescriptionsItem label={T.registration}>
              {file.registration
                ? `${REGISTER_DECISION_TEXT[file.registration.decision]}（${formatBeijing(file.registration.registeredAt)}）${
                    file.registration.becomes ? `，转为${textOf(TYPE_TEXT, file.registration.becomes)}` : ''
                  }`
                : T.notRegistered}
            </ElDescriptionsItem>
            {file.registration?.notice && (
              <ElDescriptionsItem label="告知申请人" span={2}>
                {file.registration.notice}
              </ElDescriptionsItem>
            )}
            {file.outcome && (
              <ElDescriptionsItem label={T.outcome}>
                {DISCLOSURE_OUTCOME_TEXT[file.outcome]}
                {file.decidedOn ? `（${file.decidedOn}）` : ''}
              </ElDescriptionsItem>
            )}
          </ElDescriptions>

          {(file.thirdParties?.length ?? 0) > 0 && (
            <section aria-labelledby="dr-third-title">
              <h3 id="dr-third-title">{T.thirdParties}</h3>
              <ul class="disclosure-list">
                {file.thirdParties?.map((t) => (
                  <li key={`${t.party}-${t.askedAt}`}>
                    {`${t.party}：${formatBeijing(t.askedAt)} 征求，意见期限 ${formatBeijing(t.dueAt)}；`}
                    {t.answeredAt
                      ? `${formatBeijing(t.answeredAt)} 意见：${t.opinion ?? ''}`
                      : T.thirdPartyWaiting}
                  </li>
                ))}
              </ul>
            </section>
          )}

          <section aria-labelledby="dr-draft-title">
            <h3 id="dr-draft-title">
              {T.draft}
              {draft ? `（第 ${draft.revision} 稿，${formatBeijing(draft.draftedAt)}）` : ''}
            </h3>
            {draft ? (
              <ElDescriptions column={1} border class="reply-view" data-testid="dr-draft">
                {replyLines(draft.reply).map(([label, text]) => (
                  <ElDescriptionsItem key={label} label={label}>
                    {text}
                  </ElDescriptionsItem>
                ))}
              </ElDescriptions>
            ) : (
              <p class="no-actions">{T.noDraft}</p>
            )}
          </section>

          {draft && (
            <section aria-labelledby="dr-approval-title">
              <h3 id="dr-approval-title">{T.approval}</h3>
              <p data-testid="dr-approval">
                {approved && file.approval
                  ? `${file.approval.reviewerName} 于 ${formatBeijing(file.approval.approvedAt)} 审核通过（已完成保密审查）`
                  : draft.returnedAt
                    ? returnedLine(draft, formatBeijing)
                    : T.awaitingApproval}
              </p>
            </section>
          )}

          {file.letter && (
            <section aria-labelledby="dr-letter-title">
              <h3 id="dr-letter-title">{T.letter}</h3>
              <p>
                {`文号 ${file.letter.letterNo}，答复日期 ${file.letter.repliedOn}，共 ${file.letter.pages} 页，SHA-256 ${file.letter.sha256.slice(0, 16)}…`}
              </p>
              <ElButton type="primary" loading={downloading.value} onClick={download} data-testid="dr-letter">
                {T.downloadLetter}
              </ElButton>
              <div aria-live="polite">
                {downloadError.value && (
                  <ElAlert type="error" showIcon closable={false} title={downloadError.value} />
                )}
              </div>
            </section>
          )}

          {(file.reviews?.length ?? 0) > 0 && (
            <section aria-labelledby="dr-reviews-title">
              <h3 id="dr-reviews-title">{T.reviews}</h3>
              <ul class="disclosure-list">
                {file.reviews?.map((v) => (
                  <li key={v.reviewId}>
                    {`${REVIEW_KIND_TEXT[v.kind]}：${v.filedOn} 提起，${REVIEW_RESULT_TEXT[v.result]}${v.decidedOn ? `（${v.decidedOn}）` : ''}`}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </section>
      );
    };
  },
});
