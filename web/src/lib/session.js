// The logged-in account, shared by every page.  The session cookie is
// HttpOnly; the readable gh_csrf cookie tells whether a session may exist,
// so public pages do not ask /me (and log a 401) for anonymous visitors.
import { reactive } from 'vue'
import { get, post, del, setCsrf, cookie } from './api.js'

export const session = reactive({ user: null, loaded: false })

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
  const r = await post('/session', { username, password })
  setCsrf(r.csrf)
  session.user = r.user
  session.loaded = true
  return r.user
}

export async function logout() {
  try { await del('/session') } catch (e) { /* already gone */ }
  session.user = null
  document.cookie = 'gh_csrf=; Max-Age=0; path=/'
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
    default: return '/'
  }
}
