// test_days.mjs - web/src/lib/days.js: how a case's remaining working days
// read in the staff lists and on the progress page (issue 10: the staff
// case list said 剩-2日 instead of 超期2日).  Run with node --test.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { remainingShort, remainingLong } from '../../web/src/lib/days.js'

test('remaining working days: 剩N日, 今日到期, 超期N日', () => {
  const rows = [
    [5, '剩5日', '剩余5个工作日'],
    [1, '剩1日', '剩余1个工作日'],
    [0, '今日到期', '今日到期'],
    [-1, '超期1日', '超期1个工作日'],
    [-2, '超期2日', '超期2个工作日'],
    [-30, '超期30日', '超期30个工作日'],
    [null, '', ''],
    [undefined, '', ''],
  ]
  for (const [n, short, long] of rows) {
    assert.equal(remainingShort(n), short, `short ${n}`)
    assert.equal(remainingLong(n), long, `long ${n}`)
    assert.ok(!/-/.test(remainingShort(n)), `no minus sign for ${n}`)
  }
})
