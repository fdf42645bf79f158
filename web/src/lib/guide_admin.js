// guide_admin.js - the administrator's side of an item's guide (办事指南):
// which file each material has of each kind, what an upload may be, and
// the checks of the common questions (常见问题) before they are saved.
// The server checks the same limits (src/service/guide.c); these only let
// the editor say what is wrong before a round trip.

export const FAQ_MAX = 30
export const QUESTION_MAX = 200
export const ANSWER_MAX = 2000
export const UPLOAD_MAX = 10 * 1024 * 1024
export const UPLOAD_TYPES = ['application/pdf', 'image/jpeg', 'image/png']
export const KINDS = [['blank', '空白表格'], ['sample', '示例样表']]

// Characters as the server counts them (code points, not UTF-16 units).
const chars = (s) => Array.from(s || '').length

/** The problems of a list of {question, answer}, in Chinese, [] when it may be saved. */
export function faqProblems(list) {
  const out = []
  if (list.length > FAQ_MAX) out.push(`常见问题最多${FAQ_MAX}条,现有${list.length}条`)
  list.forEach((q, i) => {
    const n = `第${i + 1}条`
    if (!(q.question || '').trim()) out.push(`${n}:请填写问题`)
    else if (chars(q.question) > QUESTION_MAX) out.push(`${n}:问题不超过${QUESTION_MAX}字`)
    if (!(q.answer || '').trim()) out.push(`${n}:请填写解答`)
    else if (chars(q.answer) > ANSWER_MAX) out.push(`${n}:解答不超过${ANSWER_MAX}字`)
  })
  return out
}

/** The list as the server takes it: trimmed, in order. */
export function faqBody(list) {
  return { faq: list.map(q => ({ question: q.question.trim(), answer: q.answer.trim() })) }
}

/** Moves row i of list by d (-1 up, +1 down) in place; false at either end. */
export function move(list, i, d) {
  const j = i + d
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return false
  const [row] = list.splice(i, 1)
  list.splice(j, 0, row)
  return true
}

/** Why a file may not be uploaded ('' when it may): type and size, as the server will check. */
export function uploadProblem(file) {
  if (!file) return '请选择文件'
  if (file.size > UPLOAD_MAX) return `“${file.name}”超过10MB,请压缩后上传`
  if (file.size === 0) return `“${file.name}”是空文件`
  if (file.type && !UPLOAD_TYPES.includes(file.type)) return `“${file.name}”不是PDF、JPEG或PNG文件`
  return ''
}

/** {material: {blank: file, sample: file}} of the guide's files. */
export function filesByMaterial(files) {
  const out = {}
  for (const f of files || []) {
    if (!out[f.material]) out[f.material] = {}
    out[f.material][f.kind] = f
  }
  return out
}

/** A size for people: 0.5 MB, 12 KB. */
export function sizeText(n) {
  if (n >= 1024 * 1024) return (n / 1024 / 1024).toFixed(1) + ' MB'
  if (n >= 1024) return Math.ceil(n / 1024) + ' KB'
  return n + ' B'
}
