// Application forms (申请表) on the client: the body's "form" object from
// what a FormFields component holds, and the server's 422 for one field.

/** {key: value} for POST /cases: empty values left out, money in yuan
 * turned into integer fen; a money text that is not yuan stays as typed
 * so the server names the field. */
export function formPayload(form, values) {
  const out = {}
  for (const s of (form && form.sections) || []) {
    for (const f of s.fields) {
      let v = values[f.key]
      if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) continue
      if (typeof v === 'string') v = v.trim()
      if (f.type === 'money' && /^\d+(\.\d{1,2})?$/.test(v)) {
        const [y, c = ''] = v.split('.')
        v = Number(y) * 100 + Number((c + '00').slice(0, 2))
      }
      out[f.key] = v
    }
  }
  return out
}

/** The field key a refused submission names ("form.<key>"), or ''. */
export function formErrorKey(e) {
  const f = e && e.body && e.body.error && e.body.error.field
  return typeof f === 'string' && f.startsWith('form.') ? f.slice(5) : ''
}
