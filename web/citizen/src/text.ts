import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../../../shared/domain/attachment.js';

/**
 * What the citizen page says beyond its markup, in one place. The field checks mirror the server's
 * (functions/ingest-webform/webform.ts, shared/domain/appeal.ts), so a citizen reads the same Chinese
 * message before sending as the server would give.
 */
export const TEXT = {
  directoryFailed: '诉求类别加载失败，请检查网络后刷新页面',
  fixBeforeSubmit: '请修改以下内容后再提交',
  submitFailed: '提交失败，请稍后重试',
  tooFrequent: '提交过于频繁，请稍后再试',
  retrySafe: '（可直接再次提交，不会重复受理）',
  networkSubmit: '网络异常，请检查网络后再次提交（不会重复受理）',
  uploadFailedTitle: '图片上传失败',
  submit: '提交诉求',
  uploading: '正在上传图片…',
  submitting: '正在提交…',
  type: '请选择诉求类型',
  category: '请选择诉求类别',
  district: '请选择所在区县',
  addressTooLong: '地址最多 200 字',
  contentTooShort: '诉求内容至少 5 个字',
  contentTooLong: '诉求内容最多 2000 字',
  phoneMissing: '请填写手机号码',
  phoneInvalid: '须为中国大陆手机号（11 位，13–19 开头）',
  codeNotRequested: '请先获取短信验证码',
  codeInvalid: '请输入 6 位短信验证码',
  nameTooLong: '姓名最多 50 字',
  tooManyFiles: `最多上传 ${MAX_ATTACHMENTS} 张图片`,
  fileType: '仅支持 JPG、PNG、WebP 或 HEIC 格式的图片：',
  fileTooLarge: `单张图片不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB：`,
  fileEmpty: '文件为空：',
  noDigest: '当前浏览器无法校验图片，请通过 HTTPS 访问或更换浏览器后重试',
  bucketRefused: (status: number, fileName: string) => `图片上传失败（${status}）：${fileName}`,
  codeRequiredHint: '点击“获取验证码”，将 6 位验证码发送到上面的手机号，5 分钟内有效',
  codeOptionalHint:
    '可不填。验证手机号后，您多次反映同一问题时，市民热线可合并办理；点击“获取验证码”，将 6 位验证码发送到上面的手机号，5 分钟内有效',
  codeSent: (masked: string, minutes: number) => `验证码已发送至 ${masked}，${minutes} 分钟内有效`,
  codeFailed: '验证码发送失败，请稍后重试',
  codeButton: '获取验证码',
  codeCountdown: (seconds: number) => `重新获取（${seconds} 秒）`,
  network: '网络异常，请稍后重试',
  lookupNoInvalid: '工单号格式不正确，例如 250101-ABCD-EFGH',
  lookupLast4Invalid: '请输入手机号后四位数字',
  lookupFromLink: '已填入短信中的工单号，请输入申请时所留手机号的后四位查询进度',
  lookingUp: '正在查询…',
  lookupTooFrequent: '查询过于频繁，请稍后再试',
  rateUntil: (time: string) => `请在 ${time} 前评价`,
} as const;
