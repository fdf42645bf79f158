// The one-time notice (一次性告知书) against what actually arrived: which
// of a notice's materials the applicant has supplied since, so that the
// notice marks 已补正 only those and agrees with the materials table.

/**
 * The names in notice.materials supplied after the notice: received on or
 * after its day, not found faulty (check_result 2), and only once a 补正
 * came after it (supplemented).  materials are the case's materials
 * ({name, received_day, check_result}).
 */
export function suppliedSince(notice, materials, supplemented) {
  const got = new Set()
  if (!notice || !supplemented) return got
  const byName = {}
  for (const m of materials || []) byName[m.name] = m
  for (const name of notice.materials || []) {
    const m = byName[name]
    if (m && m.received_day && m.received_day >= notice.notice_day && m.check_result !== 2) got.add(name)
  }
  return got
}

/** The notice's materials still missing (what the 补正 dialog offers unticked). */
export function stillMissing(notice, materials, supplemented) {
  const got = suppliedSince(notice, materials, supplemented)
  return (notice && notice.materials || []).filter(n => !got.has(n))
}
