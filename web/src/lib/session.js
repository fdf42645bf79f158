// The logged-in account, shared by every page.  The session cookie is
// HttpOnly; the readable gh_csrf cookie tells whether a session may exist,
// so public pages do not ask /me (and log a 401) for anonymous visitors.
// `expired` is set when the server stopped knowing the account while the
// UI still showed it (see expireSession); the login page says so.
import { reactive } from 'vue'
import { api, get, setCsrf, cookie } from './api.js'

/** What the UI says when the session has ended under it. */
export const EXPIRED_TEXT = '登录已过期,请重新登录'

export const session = reactive({ user: null, loaded: false, expired: false })

export async function loadMe() {
  if (session.loaded) return session.user
  if (cookie('gh_csrf')) {
    try {
      const me = await get('/me')
      setCsrf(me.csrf)
      session.user = me
    } catch (e) {
      session.user = null
    }
  }
  session.loaded = true
  return session.user
}

export async function login(username, password) {
  return started(await api('POST', '/session', { username, password }, { noExpiry: true }))
}

/** An applicant by mobile number and SMS code (purpose login). */
export async function loginBySms(phone, smsCode) {
  return started(await api('POST', '/session', { phone, sms_code: smsCode }, { noExpiry: true }))
}

function started(r) {
  setCsrf(r.csrf)
  session.user = r.user
  session.loaded = true
  session.expired = false
  return r.user
}

function forget() {
  session.user = null
  setCsrf('')
  document.cookie = 'gh_csrf=; Max-Age=0; path=/'
}

export async function logout() {
  try { await api('DELETE', '/session', undefined, { noExpiry: true }) } catch (e) { /* already gone */ }
  forget()
  session.expired = false
}

/**
 * The server answered 401 to a call: if the UI believed someone was logged
 * in, forget the account and mark the session expired.  Answers whether
 * it did (false for an anonymous visitor, or when already forgotten by an
 * earlier call of the same moment).
 */
export function expireSession() {
  if (!session.user) return false
  forget()
  session.expired = true
  return true
}

export function hasRole(...roles) {
  return !!session.user && roles.includes(session.user.role)
}

/** Where each role starts after logging in. */
export function homeOf(user) {
  switch (user && user.role) {
    case 'applicant': return '/my'
    case 'clerk': return '/desk'
    case 'chief': return '/desk'
    case 'reviewer': return '/review'
    case 'admin': return '/admin'
    case 'supervisor': return '/supervision'
    case 'agent': return '/agent'
    default: return '/'
  }
}
