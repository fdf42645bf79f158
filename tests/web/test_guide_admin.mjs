// test_guide_admin.mjs - web/src/lib/guide_admin.js: the checks the item
// editor makes before it uploads a blank form or saves the common
// questions (issue 10, section 2).  Run with node --test.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { faqProblems, faqBody, move, uploadProblem, filesByMaterial, sizeText, FAQ_MAX } from '../../web/src/lib/guide_admin.js'

test('faq: every row needs a question and an answer within their lengths', () => {
  assert.deepEqual(faqProblems([]), [])
  assert.deepEqual(faqProblems([{ question: '要带身份证原件吗?', answer: '要。' }]), [])
  assert.deepEqual(faqProblems([{ question: ' \u3000', answer: '' }]), ['第1条:请填写问题', '第1条:请填写解答'])
  // 200 Chinese characters are 200, not 600 bytes
  assert.deepEqual(faqProblems([{ question: '问'.repeat(200), answer: '答'.repeat(2000) }]), [])
  assert.deepEqual(faqProblems([{ question: '问'.repeat(201), answer: '答'.repeat(2001) }]),
    ['第1条:问题不超过200字', '第1条:解答不超过2000字'])
  const many = Array.from({ length: FAQ_MAX + 1 }, () => ({ question: 'q', answer: 'a' }))
  assert.deepEqual(faqProblems(many), ['常见问题最多30条,现有31条'])
})

test('faq: the body is trimmed and keeps the order', () => {
  assert.deepEqual(faqBody([{ question: ' a ', answer: 'b\n' }, { question: 'c', answer: 'd' }]),
    { faq: [{ question: 'a', answer: 'b' }, { question: 'c', answer: 'd' }] })
})

test('move: up and down, not past either end', () => {
  const l = ['a', 'b', 'c']
  assert.equal(move(l, 0, -1), false)
  assert.equal(move(l, 2, 1), false)
  assert.equal(move(l, 5, -1), false)
  assert.deepEqual(l, ['a', 'b', 'c'])
  assert.equal(move(l, 2, -1), true)
  assert.deepEqual(l, ['a', 'c', 'b'])
  assert.equal(move(l, 0, 1), true)
  assert.deepEqual(l, ['c', 'a', 'b'])
})

test('upload: PDF, JPEG or PNG up to 10MB, not empty', () => {
  assert.equal(uploadProblem(null), '请选择文件')
  assert.equal(uploadProblem({ name: 'a.pdf', size: 100, type: 'application/pdf' }), '')
  assert.equal(uploadProblem({ name: 'a.png', size: 10 * 1024 * 1024, type: 'image/png' }), '')
  assert.match(uploadProblem({ name: 'a.pdf', size: 10 * 1024 * 1024 + 1, type: 'application/pdf' }), /超过10MB/)
  assert.match(uploadProblem({ name: 'a.doc', size: 10, type: 'application/msword' }), /不是PDF/)
  assert.match(uploadProblem({ name: 'e.pdf', size: 0, type: 'application/pdf' }), /空文件/)
  // a browser that does not know the type leaves it to the server
  assert.equal(uploadProblem({ name: 'x', size: 5, type: '' }), '')
})

test('files by material and kind; sizes', () => {
  const m = filesByMaterial([{ id: 1, material: '申请表', kind: 'blank' }, { id: 2, material: '申请表', kind: 'sample' },
    { id: 3, material: '平面图', kind: 'sample' }])
  assert.equal(m['申请表'].blank.id, 1)
  assert.equal(m['申请表'].sample.id, 2)
  assert.equal(m['平面图'].blank, undefined)
  assert.deepEqual(filesByMaterial(undefined), {})
  assert.equal(sizeText(500), '500 B')
  assert.equal(sizeText(1500), '2 KB')
  assert.equal(sizeText(1024 * 1024 * 1.5), '1.5 MB')
})
