// test_notice.mjs - web/src/lib/notice.js: after a partial 补正 the
// one-time notice marks 已补正 only what arrived (issue 10: it marked every
// listed material while the materials table said 未提交), and the 补正
// dialog offers what is still missing.  Run with node --test.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { suppliedSince, stillMissing } from '../../web/src/lib/notice.js'

const notice = { notice_day: '2026-11-20', materials: ['平面图', '管理制度', '设备布局'] }

test('a partial 补正 marks only the supplied material', () => {
  const materials = [
    { name: '申请表', received_day: '2026-11-19', check_result: 1 },
    { name: '平面图', received_day: '2026-11-21', check_result: 0 },
  ]
  assert.deepEqual([...suppliedSince(notice, materials, true)], ['平面图'])
  assert.deepEqual(stillMissing(notice, materials, true), ['管理制度', '设备布局'])
})

test('table of cases', () => {
  const rows = [
    ['no 补正 yet: nothing supplied', [{ name: '平面图', received_day: '2026-11-21' }], false, []],
    ['all three supplied', notice.materials.map(name => ({ name, received_day: '2026-11-22' })), true,
      notice.materials],
    ['received before the notice (faulty, not brought again)',
      [{ name: '平面图', received_day: '2026-11-19', check_result: 0 }], true, []],
    ['brought again but found faulty', [{ name: '平面图', received_day: '2026-11-21', check_result: 2 }],
      true, []],
    ['same day as the notice, after it', [{ name: '设备布局', received_day: '2026-11-20' }], true,
      ['设备布局']],
    ['nothing received', [], true, []],
  ]
  for (const [what, materials, supplemented, want] of rows) {
    assert.deepEqual([...suppliedSince(notice, materials, supplemented)], want, what)
    assert.deepEqual(stillMissing(notice, materials, supplemented),
      notice.materials.filter(n => !want.includes(n)), what)
  }
  assert.deepEqual([...suppliedSince(null, [], true)], [])
  assert.deepEqual(stillMissing(null, [], true), [])
})
