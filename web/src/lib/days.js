// ISO dates (YYYY-MM-DD) as the API speaks them, with calendar-day
// arithmetic in UTC so that no time zone or daylight shift moves a date.
// "Today" is always the server's date (it may run with --today), never
// the browser's clock.

export function parseDay(s) {
  const [y, m, d] = s.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d))
}

export function fmtDay(d) {
  return d.toISOString().slice(0, 10)
}

export function addDays(s, n) {
  const d = parseDay(s)
  d.setUTCDate(d.getUTCDate() + n)
  return fmtDay(d)
}

/** Monday of the calendar week of s. */
export function mondayOf(s) {
  const dow = parseDay(s).getUTCDay() // 0 = Sunday
  return addDays(s, -((dow + 6) % 7))
}

/** Weekday in Chinese, e.g. 星期一. */
export function weekdayOf(s) {
  return '星期' + '日一二三四五六'[parseDay(s).getUTCDay()]
}

/** A rate from the API ("86.58", or null when nothing was completed) for display. */
export function pct(rate) {
  return rate === null || rate === undefined || rate === '' ? '—' : rate + '%'
}

/**
 * The remaining working days of an open case, short, for lists: 剩3日,
 * 今日到期 on the last day, 超期2日 once overdue (never 剩-2日).
 */
export function remainingShort(n) {
  if (n === null || n === undefined) return ''
  if (n < 0) return `超期${-n}日`
  if (n === 0) return '今日到期'
  return `剩${n}日`
}

/** The same in full: 剩余3个工作日, 今日到期, 超期2个工作日. */
export function remainingLong(n) {
  if (n === null || n === undefined) return ''
  if (n < 0) return `超期${-n}个工作日`
  if (n === 0) return '今日到期'
  return `剩余${n}个工作日`
}
