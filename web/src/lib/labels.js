// Names the API uses and the Chinese the UI shows for them.

export const STATES = {
  submitted: '已申报', accepted: '已受理', rejected: '不予受理',
  awaiting_materials: '待补正', under_review: '审查中', decided: '已决定',
  completed: '已办结', suspended: '已挂起', withdrawn: '已撤回'
}

/** Element Plus tag type of each state (every tag also says its text). */
export const STATE_TAG = {
  submitted: 'primary', accepted: 'primary', rejected: 'danger',
  awaiting_materials: 'warning', under_review: 'primary', decided: 'success',
  completed: 'success', suspended: 'warning', withdrawn: 'info'
}

export const ITEM_TYPES = [
  ['licensing', '行政许可'], ['non_licensing', '非行政许可审批'], ['confirmation', '行政确认'],
  ['benefit', '行政给付'], ['public_service', '公共服务'], ['other', '其他']
]
export const LEVELS = [['city', '市级'], ['county', '县级'], ['township', '乡镇(街道)级'], ['village', '村(社区)级']]
export const MATERIAL_FORMS = [['original', '原件'], ['copy', '复印件'], ['both', '原件及复印件'], ['electronic', '电子材料']]
export const STEP_ROLES = [['clerk', '窗口人员'], ['reviewer', '审批人员'], ['chief', '首席代表']]

export const PROCEDURES = [
  ['hearing', '听证'], ['tender', '招标'], ['auction', '拍卖'], ['inspection', '检验'],
  ['testing', '检测'], ['quarantine', '检疫'], ['appraisal', '鉴定'],
  ['expert_review', '专家评审'], ['site_check', '实地核查'], ['publicity', '公示']
]

export const ROLE_BITS = { 1: '办事人', 2: '窗口人员', 4: '首席代表', 8: '审批人员', 16: '中心管理员', 32: '效能监察', 64: '系统', 128: '代办员' }
export function roleLabel(role) {
  if (typeof role === 'number') return ROLE_BITS[role] || String(role)
  return { applicant: '办事人', clerk: '窗口人员', chief: '首席代表', reviewer: '审批人员', admin: '中心管理员', supervisor: '效能监察', agent: '代办员', system: '系统' }[role] || role || ''
}

/** The lights of a case or of a review step: text, text colour, background. */
export const LIGHTS = {
  green: { text: '正常', color: '#2b7a2e', bg: '#e3f1e4' },
  yellow: { text: '预警', color: '#8a5300', bg: '#fdf0d5' },
  red: { text: '超期', color: '#b3261e', bg: '#fbe3e1' },
  paused: { text: '已暂停计时', color: '#4e5561', bg: '#eef0f3' },
  none: { text: '未计时', color: '#4e5561', bg: '#eef0f3' }
}


export const ONLINE_DEPTH = { 0: '不可网办', 1: '一级(网上咨询)', 2: '二级(网上下载表格)', 3: '三级(网上申报)', 4: '四级(全程网办)' }

export function labelOf(pairs, v) {
  const p = pairs.find(x => x[0] === v)
  return p ? p[1] : v
}

/* ---- electronic supervision (效能监察) --------------------------------- */

/** Tag type of each escalation level of a late case (the label comes from the API). */
export const ESCALATION_TAG = { none: 'info', warning: 'warning', yellow_card: 'warning', red_card: 'danger', notice: 'danger' }

export const CASE_ACTIONS = {
  accept: '受理', reject: '不予受理', request_materials: '一次性告知补正', supplement: '补正材料',
  start_review: '开始审查', approve: '审核通过', deny: '不予许可', complete: '办结', suspend: '挂起',
  resume: '恢复', withdraw: '撤回', forward: '转报', void: '作废', expire_correction: '补正超时驳回',
  request_extension: '申请延长审批期限', approve_extension: '批准延长审批期限', deny_extension: '不予批准延长',
  accept_with_commitment: '容缺受理', terminate: '终止办理',
  accept_with_pledge: '告知承诺受理', verify_pledge: '告知承诺事后核查', revoke: '撤销许可', collect: '领取结果'
}

/** 告知承诺事后核查: its states, and the filters of the staff's list. */
export const VERIFY_STATUS = { pending: '待核查', verified_true: '核查属实', verified_false: '承诺不实', cancelled: '无需核查' }
export const VERIFY_FILTERS = [['pending', '全部待核查'], ['due', '已到期'], ['overdue', '已逾期']]

/** Filters of the 督办单 list; overdue = awaiting a reply past its due day. */
export const NOTICE_STATES = [['awaiting_reply', '待回复'], ['overdue', '逾期未回复'], ['replied', '已回复待办结'], ['closed', '已办结']]
export const NOTICE_TAG = { awaiting_reply: 'warning', replied: 'primary', closed: 'success' }

export const ANOMALY_STATUS = [['open', '待核查'], ['confirmed', '已确认'], ['dismissed', '已排除']]
export const ANOMALY_TAG = { open: 'warning', confirmed: 'danger', dismissed: 'info' }

/** The evidence the anomaly rules record, in the order shown. */
export const EVIDENCE_KEYS = [['query_code', '查询码'], ['state', '当时状态'], ['deadline', '办理期限'], ['action', '所做操作']]

/* ---- 绿色通道 (the green channel) ---------------------------------------- */

/** A case's priority level (case.priority.level) and its tag text. */
export const PRIORITY = { normal: '普通', green_item: '绿色通道事项', key_applicant: '重点项目' }
export const PRIORITY_TAG = { green_item: '绿色通道', key_applicant: '绿色通道·重点项目' }

/** Whether a key project's entry counts today (key_applicants status). */
export const KEY_STATUS = { valid: '有效', expired: '已过期', inactive: '已停用' }
export const KEY_STATUS_TAG = { valid: 'success', expired: 'warning', inactive: 'info' }

/** What the guide says of an item in the green channel. */
export function greenLimitText(g) {
  return g ? `绿色通道:承诺${g.limit_days}个工作日` : ''
}
