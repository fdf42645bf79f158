// 全程代办 (issue 11 §4): what the agent's desk and the case page say of a
// case the agent (代办员) carries — the next thing to do for the
// applicant — and who may assign or end an agent.  Pure functions over the
// case objects of the API (GET /cases, GET /cases/{id}).

const TERMINAL = ['rejected', 'withdrawn']

/**
 * The agent's next thing to do on case c, as { key, text }:
 * supplement (补正: bring what the window asked for), collect (领取结果),
 * wait (the departments are working), done (nothing left).
 */
export function agentNextStep(c) {
  if (!c) return { key: 'done', text: '' }
  switch (c.state) {
    case 'awaiting_materials':
      return { key: 'supplement', text: '补正材料:按一次性告知书补交材料' }
    case 'submitted':
      return { key: 'wait', text: '等待窗口受理,可补充上传材料' }
    case 'accepted':
    case 'under_review':
      return { key: 'wait', text: '部门审查中,跟进进度' }
    case 'suspended':
      return { key: 'wait', text: '特别程序中(挂起),跟进进度' }
    case 'decided':
      return { key: 'wait', text: '已作出决定,等待窗口办结' }
    case 'completed':
      if (c.collected_day) return { key: 'done', text: `结果已于${c.collected_day}领取` }
      if (c.outcome === 'issued' || c.outcome === 'denied') return { key: 'collect', text: '领取办理结果,交付申请人' }
      return { key: 'done', text: '已办结' }
    default:
      return { key: 'done', text: '已结束' }
  }
}

/** Whether a user of role may assign an agent to case c now. */
export function mayAssignAgent(role, c) {
  return !!c && ['applicant', 'clerk', 'chief'].includes(role) && !c.agent &&
    c.joint_kind !== 'sub' && !TERMINAL.includes(c.state)
}

/** Whether a user of role may end the case's agent. */
export function mayEndAgent(role, c) {
  return !!c && !!c.agent && ['applicant', 'clerk', 'chief'].includes(role)
}

/** The authorisation's check before sending (the server checks it too). */
export function authorisationError(text) {
  const t = (text || '').replace(/^[\s\u3000]+|[\s\u3000]+$/g, '')
  const n = [...t].length
  if (!n) return '请填写授权委托:授权人、代办范围、委托书日期或编号'
  if (n < 4) return '授权委托至少4个字'
  if (n > 500) return '授权委托不能超过500个字'
  return ''
}
