// The staff roles (DESIGN §9, §11): read from the JWT by shared/http/staff-claims.ts, shown by the
// console's menus. 话务员 agent, 派单员 dispatcher, 承办人 department, 督办 supervisor, 数据分析 analyst,
// 系统管理员 admin (the dispatch catalogue and the holiday calendar), 审核人 reviewer (approves disclosure
// replies after the confidentiality review: the second person of 《政府信息公开条例》第十七条's review).
export const STAFF_ROLES = [
  'agent',
  'dispatcher',
  'department',
  'supervisor',
  'analyst',
  'admin',
  'reviewer',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
