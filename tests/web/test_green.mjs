// test_green.mjs - web/src/lib/labels.js for the 绿色通道 (issue 11 §6):
// the guide's sentence, and a label for every priority level and every
// key-applicant status the API documents (docs/openapi.yaml), so that a new
// value cannot reach the desks as a bare English word.  Run with node --test.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PRIORITY, PRIORITY_TAG, KEY_STATUS, KEY_STATUS_TAG, greenLimitText } from '../../web/src/lib/labels.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const openapi = fs.readFileSync(path.join(here, '..', '..', 'docs', 'openapi.yaml'), 'utf8')

/** The enum of the first schema block named name (a flow list). */
function enumOf(schema, prop) {
  const block = openapi.slice(openapi.indexOf(`    ${schema}:\n`))
  const m = block.match(new RegExp(`\\n\\s+${prop}: \\{type: string, enum: \\[([^\\]]+)\\]`))
  assert.ok(m, `${schema}.${prop} has an enum in docs/openapi.yaml`)
  return m[1].split(',').map(s => s.trim())
}

test('the guide says 绿色通道:承诺N个工作日', () => {
  assert.equal(greenLimitText({ limit_days: 3, basis: 'x' }), '绿色通道:承诺3个工作日')
  assert.equal(greenLimitText({ limit_days: 1 }), '绿色通道:承诺1个工作日')
  assert.equal(greenLimitText(null), '')
})

test('every documented priority level has a label, and only the green ones a tag', () => {
  const levels = enumOf('CasePriority', 'level')
  assert.deepEqual(levels.sort(), Object.keys(PRIORITY).sort())
  for (const l of levels) assert.ok(PRIORITY[l], l)
  assert.equal(PRIORITY_TAG.normal, undefined)
  assert.ok(PRIORITY_TAG.green_item.startsWith('绿色通道'))
  assert.ok(PRIORITY_TAG.key_applicant.startsWith('绿色通道'))
})

test('every documented key-applicant status has a label and a tag type', () => {
  const statuses = enumOf('KeyApplicant', 'status')
  assert.deepEqual(statuses.sort(), Object.keys(KEY_STATUS).sort())
  for (const s of statuses) assert.ok(KEY_STATUS_TAG[s], s)
})
