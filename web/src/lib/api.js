// The one door to /api/v1.  Every call answers the parsed JSON body or
// throws an ApiError whose message is the server's Chinese message, so a
// page can show exactly what the API said.  Writes carry the CSRF token
// (cookie gh_csrf, also kept from the login answer) in X-CSRF-Token.
// A 401 means the session is gone (expired, account deactivated, password
// reset elsewhere): every such answer is reported to the one handler set
// with onUnauthorized (router.js), except a login's or logout's own.

export class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message)
    this.status = status
    this.code = code
    this.body = body
  }
}

let csrfToken = ''

export function setCsrf(token) { csrfToken = token || '' }

let unauthorized = null

/** Sets fn to be called on every 401 answer (not for the calls that set noExpiry). */
export function onUnauthorized(fn) { unauthorized = fn }

export function cookie(name) {
  const m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'))
  return m ? decodeURIComponent(m[1]) : ''
}

function query(params) {
  if (!params) return ''
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue
    q.set(k, String(v))
  }
  const s = q.toString()
  return s ? '?' + s : ''
}

/** opts: params (query), contentType (body sent as is), noExpiry (a 401 is not an expired session: a login's wrong password, a logout of a session already gone). */
export async function api(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json' }
  let payload
  if (body !== undefined) {
    if (opts.contentType) {
      headers['Content-Type'] = opts.contentType
      payload = body
    } else {
      headers['Content-Type'] = 'application/json'
      payload = JSON.stringify(body)
    }
  }
  if (method !== 'GET') headers['X-CSRF-Token'] = cookie('gh_csrf') || csrfToken
  let res
  try {
    res = await fetch('/api/v1' + path + query(opts.params), {
      method, headers, body: payload, credentials: 'same-origin'
    })
  } catch (e) {
    throw new ApiError(0, 'network', '无法连接服务器,请检查网络后重试')
  }
  const text = await res.text()
  let data = null
  if (text) {
    try { data = JSON.parse(text) } catch (e) { data = null }
  }
  if (!res.ok) {
    if (res.status === 401 && unauthorized && !opts.noExpiry) unauthorized()
    const err = data && data.error
    throw new ApiError(res.status, err ? err.code : 'http_' + res.status,
      err && err.message ? err.message : `服务器返回错误(HTTP ${res.status})`, data)
  }
  return data
}

export const get = (path, params) => api('GET', path, undefined, { params })
export const post = (path, body) => api('POST', path, body === undefined ? {} : body)
export const put = (path, body) => api('PUT', path, body)
export const del = (path) => api('DELETE', path)

/** Message for any thrown value (ApiError or a programming error). */
export function errText(e) {
  if (!e) return ''
  if (e instanceof ApiError) return e.message
  return '操作失败:' + (e.message || String(e))
}

/** The per-field messages of a refused write ({line, field, message} each), or []. */
export function errDetails(e) {
  return (e && e.body && e.body.error && e.body.error.details) || []
}
