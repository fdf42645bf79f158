// The logged-in user's unread message count (我的消息), shared by the
// header's bell (App.vue) and the message page, which lowers it as
// messages are read.  GET /notifications answers only the caller's own
// messages with their unread count; a failed refresh keeps the last count.
import { reactive } from 'vue'
import { api } from './api.js'

export const inbox = reactive({ unread: 0 })

/** Refreshes inbox.unread (no-op answer on failure). */
export async function refreshUnread() {
  try {
    // a 401 here is no reason to end the session: the page's own calls decide
    const r = await api('GET', '/notifications', undefined, { params: { unread: 1 }, noExpiry: true })
    inbox.unread = r.unread
  } catch (e) {
    /* the bell keeps its last count; the page shows errors */
  }
}
