// 身份证明: the identity document a disclosure request must carry (《政府信息公开条例》 2019 第二十九条
// 第二款第（一）项: "申请人的姓名或者名称、身份证明、联系方式"). Numbers with a check character are checked
// to the standard; the others only for their printed format, since no public rule decides them.

/** A checked number, normalised (upper case, no spaces), or a refusal saying what is wrong. */
export type NumberCheck =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly refusal: NumberRefusal };

/** Why a number is refused: a machine code and a Chinese sentence a citizen or a clerk can act on. */
export interface NumberRefusal {
  readonly code: 'invalid_id_number' | 'invalid_credit_code' | 'invalid_document_number';
  readonly message: string;
}

/** The documents a citizen may prove their identity with. */
export const IDENTITY_DOCUMENT_KINDS = [
  'resident_id_card', // 居民身份证 (GB 11643-1999, check character verified)
  'hk_macao_permit', // 港澳居民来往内地通行证 (format only)
  'taiwan_permit', // 台湾居民来往大陆通行证 (format only)
  'passport', // 护照 (format only)
  'foreign_permanent_residence', // 外国人永久居留身份证 (format only)
] as const;
export type IdentityDocumentKind = (typeof IDENTITY_DOCUMENT_KINDS)[number];

const ok = (value: string): NumberCheck => ({ ok: true, value });
const refuse = (code: NumberRefusal['code'], message: string): NumberCheck => ({
  ok: false,
  refusal: { code, message },
});

/** What a person types: spaces and full-width letters or digits are common on forms filled on a phone. */
function compact(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase();
}

// --- 公民身份号码 (GB 11643-1999) ---------------------------------------------------------------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/**
 * The provinces of GB/T 2260 (11 北京 … 65 新疆), 71 台湾, 81 香港, 82 澳门, and 83 (台湾居民居住证, which
 * is numbered like an identity card). Only the province is checked: county codes are renumbered
 * over the years and a card keeps the code of the day it was issued, so no table of today's
 * counties can refuse an old card rightly.
 */
// biome-ignore format: a table reads better in rows
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42',
  '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
  '83',
]);

/** The check character of a resident identity number's first 17 digits (ISO 7064 MOD 11-2). */
export function idCheckCharacter(first17: string): string {
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + Number(first17.charAt(i)) * w, 0);
  return ID_CHECK.charAt(sum % 11);
}

function isRealDate(yyyymmdd: string): boolean {
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

/**
 * The birth date an identity number carries, `YYYY-MM-DD` (the number must have passed
 * `checkIdNumber`).
 *
 * @example birthDateOf('11010519491231002X') // '1949-12-31'
 */
export function birthDateOf(idNumber: string): string {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}

/**
 * Checks an 18-digit 公民身份号码 (GB 11643-1999): six digits of region (the province is checked),
 * eight of birth date (a real date from 1900 on, not after `notAfter` when given), three of
 * sequence, and the check character of ISO 7064 MOD 11-2. A lower-case x is taken as X. The
 * 15-digit numbers of first-generation cards are refused: those cards stopped being valid in 2013.
 *
 * @example
 * checkIdNumber('11010519491231002x', { notAfter: '2026-12-01' }) // { ok: true, value: '11010519491231002X' }
 * checkIdNumber('110105194912310021') // { ok: false, refusal: { code: 'invalid_id_number', message: '…校验码不符…' } }
 */
export function checkIdNumber(input: string, options: { notAfter?: string } = {}): NumberCheck {
  const n = compact(input);
  const code = 'invalid_id_number';
  if (n.length !== 18) return refuse(code, `身份证号码应为 18 位，现为 ${n.length} 位`);
  if (!/^\d{17}[\dX]$/.test(n)) {
    return refuse(code, '身份证号码前 17 位须为数字，最后一位为数字或 X');
  }
  if (!PROVINCES.has(n.slice(0, 2))) {
    return refuse(code, `身份证号码前两位（省级行政区划代码）“${n.slice(0, 2)}”不存在`);
  }
  const birth = n.slice(6, 14);
  if (!isRealDate(birth) || birth < '19000101') {
    return refuse(code, `身份证号码第 7–14 位出生日期“${birth}”不是有效日期`);
  }
  if (options.notAfter !== undefined && birthDateOf(n) > options.notAfter) {
    return refuse(code, `身份证号码中的出生日期 ${birthDateOf(n)} 晚于 ${options.notAfter}`);
  }
  if (idCheckCharacter(n) !== n.charAt(17)) {
    return refuse(code, '身份证号码校验码不符（最后一位有误，或其他位抄写有误）');
  }
  return ok(n);
}

// --- 统一社会信用代码 (GB 32100-2015) ---------------------------------------------------------

/** The 31 characters of GB 32100: digits and capitals without I, O, Z, S, V; a character's value is its index. */
export const CREDIT_CODE_CHARACTERS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * 登记管理部门代码 (first character) and the 机构类别代码 (second) each authority may give (GB 32100-2015
 * 表 1 and the authorities added since). A code from an authority missing here would be refused,
 * so an addition to the standard is one line here.
 */
const ORGANISATION_TYPES: Readonly<Record<string, string>> = {
  '1': '1239', // 机构编制: 机关, 事业单位, 中央编办直接管理机构编制的群众团体, 其他
  '2': '19', // 外交: 外国常驻新闻机构, 其他
  '3': '123459', // 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
  '4': '19', // 文化: 外国在华文化中心, 其他
  '5': '1239', // 民政: 社会团体, 民办非企业单位, 基金会, 其他
  '6': '129', // 旅游: 外国旅游部门常驻代表机构, 港澳台地区旅游部门常驻内地（大陆）代表机构, 其他
  '7': '129', // 宗教: 宗教活动场所, 宗教院校, 其他
  '8': '19', // 工会: 基层工会, 其他
  '9': '123', // 工商（市场监管）: 企业, 个体工商户, 农民专业合作社
  A: '19', // 中央军委改革和编制办公室: 军队事业单位, 其他
  N: '1239', // 农业: 组级、村级、乡镇级集体经济组织, 其他
  Y: '1', // 其他
};

/** The check character of a credit code's first 17 characters (GB 32100-2015, MOD 31). */
export function creditCheckCharacter(first17: string): string {
  const sum = CREDIT_WEIGHTS.reduce(
    (acc, w, i) => acc + CREDIT_CODE_CHARACTERS.indexOf(first17.charAt(i)) * w,
    0,
  );
  return CREDIT_CODE_CHARACTERS.charAt((31 - (sum % 31)) % 31);
}

/**
 * Checks an 18-character 统一社会信用代码 (GB 32100-2015): the registration authority and the
 * organisation type it may give (characters 1–2), the six-digit region (3–8), the nine-character
 * organisation code (9–17) and the check character of MOD 31 (18), all from the 31-character set
 * without I, O, Z, S, V. Lower case is taken as upper case.
 *
 * @example
 * checkCreditCode('91110108ma01key3pr') // { ok: true, value: '91110108MA01KEY3PR' }
 * checkCreditCode('91110108MA01KEY3P0') // { ok: false, refusal: { code: 'invalid_credit_code', message: '…校验码不符…' } }
 */
export function checkCreditCode(input: string): NumberCheck {
  const n = compact(input);
  const code = 'invalid_credit_code';
  if (n.length !== 18) return refuse(code, `统一社会信用代码应为 18 位，现为 ${n.length} 位`);
  const bad = [...n].find((c) => !CREDIT_CODE_CHARACTERS.includes(c));
  if (bad !== undefined) {
    return refuse(
      code,
      `统一社会信用代码含有不允许的字符“${bad}”（只用数字和除 I、O、Z、S、V 外的大写字母）`,
    );
  }
  const types = ORGANISATION_TYPES[n.charAt(0)];
  if (types === undefined) return refuse(code, `统一社会信用代码第 1 位登记管理部门代码“${n[0]}”不存在`);
  if (!types.includes(n.charAt(1))) {
    return refuse(code, `统一社会信用代码第 2 位机构类别代码“${n[1]}”不属于登记管理部门“${n[0]}”`);
  }
  if (!/^\d{6}$/.test(n.slice(2, 8))) {
    return refuse(code, '统一社会信用代码第 3–8 位（登记管理机关行政区划码）须为数字');
  }
  if (creditCheckCharacter(n) !== n.charAt(17)) {
    return refuse(code, '统一社会信用代码校验码不符（最后一位有误，或其他位抄写有误）');
  }
  return ok(n);
}

// --- the other documents: format only -------------------------------------------------------

/**
 * Printed formats of the documents other than the identity card. These carry no check character
 * that a public standard defines (or, for the 2023 永居证, one the issuer does not publish as a rule
 * for others to refuse on), so only the shape is checked: a number of the right shape may still be
 * wrong, and the office confirms it against the document itself when it matters.
 */
const DOCUMENT_FORMATS: Readonly<
  Record<Exclude<IdentityDocumentKind, 'resident_id_card'>, { name: string; pattern: RegExp; shape: string }>
> = {
  // Card since 2012: H (Hong Kong) or M (Macao) and 8 digits; the booklet before it had 10 digits.
  hk_macao_permit: {
    name: '港澳居民来往内地通行证',
    pattern: /^[HM](\d{8}|\d{10})$/,
    shape: 'H 或 M 开头，后接 8 位（旧版 10 位）数字',
  },
  // Card since 2015: 8 digits; the booklet before it had 10.
  taiwan_permit: {
    name: '台湾居民来往大陆通行证',
    pattern: /^(\d{8}|\d{10})$/,
    shape: '8 位（旧版 10 位）数字',
  },
  // Chinese passports are E/G + 8 characters; foreign ones vary, so the ICAO 9303 field (≤ 9 in
  // the machine-readable zone, longer in print for some states) bounds it loosely.
  passport: { name: '护照', pattern: /^[A-Z0-9]{5,17}$/, shape: '5–17 位字母或数字' },
  // 2017 card: 3 letters of nationality + 12 digits; 2023 card: 18 characters starting with 9.
  foreign_permanent_residence: {
    name: '外国人永久居留身份证',
    pattern: /^([A-Z]{3}\d{12}|9\d{16}[\dX])$/,
    shape: '15 位（3 位字母加 12 位数字）或 9 开头的 18 位',
  },
};

/**
 * Checks the number of any identity document a citizen may use: the identity card to GB 11643,
 * the others for their printed format only.
 *
 * @example
 * checkDocumentNumber('hk_macao_permit', 'h12345678') // { ok: true, value: 'H12345678' }
 * checkDocumentNumber('passport', 'E1234') // refused: too short
 */
export function checkDocumentNumber(
  kind: IdentityDocumentKind,
  input: string,
  options: { notAfter?: string } = {},
): NumberCheck {
  if (kind === 'resident_id_card') return checkIdNumber(input, options);
  const format = DOCUMENT_FORMATS[kind];
  const n = compact(input);
  if (!format.pattern.test(n)) {
    return refuse('invalid_document_number', `${format.name}号码格式有误：应为${format.shape}`);
  }
  return ok(n);
}
