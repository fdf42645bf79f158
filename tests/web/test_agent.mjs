// test_agent.mjs - web/src/lib/agent.js (全程代办, issue 11 §4): the agent
// desk's next thing to do for every case state the API documents, who may
// assign or end an agent, and the authorisation's check at its bounds.
// Run with node --test.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { agentNextStep, mayAssignAgent, mayEndAgent, authorisationError } from '../../web/src/lib/agent.js'
import { CASE_ACTIONS, roleLabel, ROLE_BITS } from '../../web/src/lib/labels.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const openapi = fs.readFileSync(path.join(here, '..', '..', 'docs', 'openapi.yaml'), 'utf8')

function caseStates() {
  const block = openapi.slice(openapi.indexOf('    Case:\n'))
  const m = block.match(/state:\n\s+type: string\n\s+enum: \[([^\]]+)\]/)
  assert.ok(m, 'Case.state has an enum')
  return m[1].split(',').map(s => s.trim())
}

test('every documented state has a next thing to do in Chinese', () => {
  const states = caseStates()
  assert.ok(states.includes('awaiting_materials'))
  for (const s of states) {
    const n = agentNextStep({ state: s, outcome: s === 'completed' ? 'issued' : null })
    assert.ok(['supplement', 'collect', 'wait', 'done'].includes(n.key), s)
    assert.match(n.text, /[\u4e00-\u9fff]/, s)
  }
})

test('the next thing follows the case', () => {
  assert.equal(agentNextStep({ state: 'awaiting_materials' }).key, 'supplement')
  assert.equal(agentNextStep({ state: 'under_review' }).key, 'wait')
  assert.equal(agentNextStep({ state: 'completed', outcome: 'issued', collected_day: null }).key, 'collect')
  assert.equal(agentNextStep({ state: 'completed', outcome: 'denied' }).key, 'collect')
  const done = agentNextStep({ state: 'completed', outcome: 'issued', collected_day: '2026-11-25' })
  assert.equal(done.key, 'done')
  assert.match(done.text, /2026-11-25/)
  assert.equal(agentNextStep({ state: 'completed', outcome: 'voided' }).key, 'done')
  assert.equal(agentNextStep({ state: 'withdrawn' }).key, 'done')
})

test('who assigns and ends an agent', () => {
  const open = { state: 'submitted', agent: null, joint_kind: 'none' }
  for (const r of ['applicant', 'clerk', 'chief']) assert.ok(mayAssignAgent(r, open), r)
  for (const r of ['reviewer', 'admin', 'supervisor', 'agent']) assert.ok(!mayAssignAgent(r, open), r)
  assert.ok(!mayAssignAgent('clerk', { ...open, agent: { id: 1 } }))
  assert.ok(!mayAssignAgent('clerk', { ...open, joint_kind: 'sub' }))
  assert.ok(!mayAssignAgent('clerk', { ...open, state: 'withdrawn' }))
  assert.ok(mayAssignAgent('clerk', { ...open, state: 'completed' }))
  assert.ok(mayEndAgent('applicant', { ...open, agent: { id: 1 } }))
  assert.ok(!mayEndAgent('agent', { ...open, agent: { id: 1 } }))
  assert.ok(!mayEndAgent('clerk', open))
})

test('the authorisation is 4 to 500 characters after trimming', () => {
  assert.ok(authorisationError(''))
  assert.ok(authorisationError(' \u3000 '))
  assert.ok(authorisationError(' 委托书 '))
  assert.equal(authorisationError('委托书号'), '')
  assert.equal(authorisationError('委'.repeat(500)), '')
  assert.ok(authorisationError('委'.repeat(501)))
})

test('labels know the agent and the collect action', () => {
  assert.equal(roleLabel('agent'), '代办员')
  assert.equal(roleLabel(128), '代办员')
  assert.equal(ROLE_BITS[128], '代办员')
  assert.equal(CASE_ACTIONS.collect, '领取结果')
  const m = openapi.match(/revoke, collect\]/)
  assert.ok(m, 'collect is a documented action')
})
