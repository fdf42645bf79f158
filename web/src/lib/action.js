// One request that a page, list or dialog runs for the user (a submit, a
// save, a list load), with the state every such request shows: `busy`
// while it runs (a button's :loading, a table's v-loading) and, when it
// fails, the API's Chinese message in `error` (for an ErrorAlert) with the
// per-field messages of a refused import or item in `details`.  Each run
// clears the previous error first; fail() shows a problem found before
// asking the server (a missing field) in the same place, and reset()
// forgets the last run when a dialog opens afresh.  The returned
// object is reactive: templates read `x.busy`, `x.error` directly.
import { reactive } from 'vue'
import { errText, errDetails } from './api.js'

export function useAction() {
  const a = reactive({
    busy: false,
    error: '',
    details: [],
    /** Runs fn; answers true when it finished, false when it threw (the message is in error). */
    async run(fn) {
      a.error = ''
      a.details = []
      a.busy = true
      try {
        await fn()
        return true
      } catch (e) {
        a.error = errText(e)
        a.details = errDetails(e)
        return false
      } finally {
        a.busy = false
      }
    },
    /** Forgets the last run (a dialog opened afresh). */
    reset() {
      a.busy = false
      a.error = ''
      a.details = []
    },
    /** Shows msg as the action's error without running anything. */
    fail(msg) {
      a.error = msg
      a.details = []
    }
  })
  return a
}
